"""Watching a scenario file for edits, without threads or a dependency.

The game window polls: at most one `stat` per interval, and the file is read only when its
signature (modification time, size, inode) has changed and then held still for one interval, so
an editor caught half-way through writing is not mistaken for a broken file. The content hash
decides whether anything really changed, so saving without edits, `touch`, or an editor that
rewrites the same bytes does not reload the game.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from game.scenario.bundled import resolve
from game.scenario.yamlsource import MAX_BYTES

MISSING = "missing"
"""The signature, and the reported hash, of a file that is not there."""

Signature = tuple[int, int, int] | str


@dataclass(frozen=True)
class Change:
    """What the file now holds: its bytes, or None with the reason it cannot be read."""

    data: bytes | None
    sha256: str | None
    problem: str = ""


def watched_path(ref: str) -> Path | None:
    """The file to watch for a SCENARIO reference: a path given by the user, never a bundled
    short name (`1951`) — bundled scenarios are not the instructor's to edit."""
    path = Path(ref)
    named_by_path = path.suffix in (".yaml", ".yml") or "/" in ref or "\\" in ref or path.exists()
    if not named_by_path:
        return None
    try:
        return resolve(ref)
    except FileNotFoundError:
        return path  # gone since the game began: watch for it to come back


class FileWatcher:
    """Reports a scenario file's new content once it has changed and settled.

    `poll(now)` takes the time in seconds from any clock that only goes forward (the window
    passes the sum of its frame times, tests a fake clock). `sha256` is the hash of the content
    the game was loaded from; the first look at the file compares against it.
    """

    def __init__(self, path: str | os.PathLike[str], sha256: str, interval: float = 0.5) -> None:
        self.path = Path(path)
        self.interval = interval
        self._reported: str = sha256  # hash of the content last reported (or MISSING)
        self._seen: Signature | None = None  # signature at the last stat
        self._since = 0.0  # when the signature last changed
        self._handled: Signature | None = None  # signature whose content was last examined
        self._next = 0.0  # no stat before this time
        self.stats = 0  # number of stat calls made (for tests of the polling cost)

    def poll(self, now: float) -> Change | None:
        """A Change when the file's content differs from the last one reported, else None."""
        if now < self._next:
            return None
        self._next = now + self.interval
        signature = self._signature()
        if signature != self._seen:
            self._seen, self._since = signature, now
            return None  # it may still be being written: wait until it holds still
        if signature == self._handled or now - self._since < self.interval * 0.999:
            return None
        self._handled = signature
        change = self._read() if signature != MISSING else Change(None, None, MISSING)
        if change.sha256 is not None:
            key = change.sha256
        else:
            key = MISSING if change.problem == MISSING else "unreadable: " + change.problem
        if key == self._reported:
            return None  # the same bytes again (a save without edits, a touch)
        self._reported = key
        return change

    def _signature(self) -> Signature:
        self.stats += 1
        try:
            st = os.stat(self.path)
        except OSError:
            return MISSING
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _read(self) -> Change:
        try:
            if not stat.S_ISREG(os.stat(self.path).st_mode):  # a folder or a pipe: never block
                return Change(None, None, "not a regular file")
            with open(self.path, "rb") as f:
                data = f.read(MAX_BYTES + 1)  # enough for the loader to say it is too large
        except FileNotFoundError:
            return Change(None, None, MISSING)
        except OSError as exc:
            return Change(None, None, exc.strerror or str(exc))
        return Change(data, hashlib.sha256(data).hexdigest())
