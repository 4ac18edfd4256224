"""The one way the program writes a file, and the one check of where it may write.

`write_atomic` writes a whole file or nothing: the data goes to a temporary file of our own
pattern beside the target (same file system, so the rename is atomic), is flushed to disk and
checked to have landed in full, and only then replaces the target. On any failure the old
file is left byte-identical and the temporary file is removed. A full disk, a read-only
folder, a file-size limit or a bad path becomes a `WriteError` whose text is one line naming
the file and the reason, never a traceback and never a half-written file.

`check_output` refuses, before anything is written, an output path that is one of the
command's own inputs (or the scenario a save refers to), and an existing file that is not of
the kind being written, unless the user forces it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "KINDS",
    "OutputRefused",
    "WriteError",
    "check_output",
    "ignore_file_size_signal",
    "is_temp_name",
    "remove_stale_temps",
    "write_atomic",
]

StrPath = str | os.PathLike[str]

TEMP_SUFFIX = ".armistice-tmp"
_TEMP_NAME = re.compile(r"\..{1,100}\.[0-9a-f]{16}" + re.escape(TEMP_SUFFIX), re.S)
STALE_SECONDS = 10 * 60
"""A temporary file older than this belongs to a writer that died (a write takes seconds)."""

_REASONS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk full (quota exceeded)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "file too large",
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "no such folder (a part of the path is a file)",
    errno.EISDIR: "is a folder",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "too many symbolic links",
    errno.EIO: "input/output error",
}


class WriteError(OSError):
    """A file could not be written; `str()` is one line naming the file and the reason."""

    def __init__(self, path: StrPath, reason: str, code: int = 0) -> None:
        super().__init__(code, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        line = f"{os.fspath(self.path)}: {self.message}"
        return " ".join(line.splitlines())  # one line even for odd names

    @property
    def message(self) -> str:
        return f"cannot be written ({self.reason})"


class OutputRefused(WriteError):
    """An output path refused before writing (an input of the command, or another kind of
    file); nothing was written."""

    @property
    def message(self) -> str:
        return self.reason


def reason_of(exc: BaseException) -> str:
    """A short lower-case reason for an OSError, in the words a player knows."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if isinstance(exc, ValueError):  # a NUL byte in the name
        return "not a usable file name"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


# --------------------------------------------------------------------------------------------
# Writing


def write_atomic(path: StrPath, data: bytes | str, *, make_folder: bool = False,
                 replace: bool = True) -> Path:
    """Write `data` (text is UTF-8) to `path` whole or not at all, and return the path.

    `make_folder` creates missing parent folders; otherwise a missing folder is an error.
    With `replace=False` an existing file is never replaced (FileExistsError). A symbolic
    link is written through (the link stays a link). Raises `WriteError`.
    """
    ignore_file_size_signal()
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    target = Path(path)
    try:
        if make_folder:  # the folders of the path as given, never of a link's target
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError:  # a part of the path is a file
                raise OSError(errno.ENOTDIR, "not a folder") from None
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        folder = target.parent
        old = _existing(target)
    except (OSError, ValueError) as exc:
        raise WriteError(path, reason_of(exc), getattr(exc, "errno", 0) or 0) from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        what = "is a folder" if stat.S_ISDIR(old.st_mode) else "is not a regular file"
        raise WriteError(path, what, errno.EISDIR)
    if old is not None and not replace:
        raise FileExistsError(errno.EEXIST, "already exists", os.fspath(path))
    tmp, fd = _create_temp(path, folder, target.name)
    try:
        try:
            if old is not None:  # keep an old file's permissions
                with contextlib.suppress(OSError, AttributeError):
                    os.fchmod(fd, stat.S_IMODE(old.st_mode))
            _write_all(fd, payload)
            os.fsync(fd)
            size = os.fstat(fd).st_size
            if size != len(payload):
                raise WriteError(path, f"incomplete: only {size} of {len(payload)} bytes "
                                       "landed", errno.EIO)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, FileExistsError) and not replace:
            raise
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(path, reason_of(exc), exc.errno or 0) from None
        raise
    _fsync_dir(folder)
    return Path(path)


def _existing(target: Path) -> os.stat_result | None:
    try:
        return os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise
        return None


def _place_new(tmp: Path, target: Path, path: StrPath) -> None:
    """Move the finished temp file to `target` only if no file is there: a hard link fails
    if one appeared meanwhile. Where links are not supported, check then rename."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "already exists", os.fspath(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "already exists", os.fspath(path)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # nothing more fits: treat like a full disk
            raise OSError(errno.ENOSPC, "no progress writing")
        view = view[written:]


def _create_temp(path: StrPath, folder: Path, name: str) -> tuple[Path, int]:
    """A new file of our own pattern next to the target, hidden so no listing shows it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{name[:100]}.{secrets.token_hex(8)}{TEMP_SUFFIX}"
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        except (OSError, ValueError) as exc:
            raise WriteError(path, reason_of(exc), getattr(exc, "errno", 0) or 0) from None
    raise WriteError(path, "no free temporary file name")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open folders). Best effort: the
    new file is already in place."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_signal_done = False


def ignore_file_size_signal() -> None:
    """Exceeding a file-size limit (ulimit -f) sends SIGXFSZ, whose default kills the process;
    ignored, the write fails with EFBIG instead and is reported. (CPython ignores it at start-up;
    this makes sure of it where a host program has restored the default.)"""
    global _signal_done
    if _signal_done or not hasattr(signal, "SIGXFSZ"):
        return
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; it does so on its first write
    with contextlib.suppress(OSError, ValueError):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _signal_done = True


# --------------------------------------------------------------------------------------------
# Stale temporary files


def is_temp_name(name: str) -> bool:
    """Whether `name` is exactly of our temporary-file pattern."""
    return _TEMP_NAME.fullmatch(name) is not None


def remove_stale_temps(folder: StrPath, older_than: float = STALE_SECONDS) -> list[Path]:
    """Delete our own temporary files in `folder` left by a writer that died (only regular
    files of our exact pattern, last modified more than `older_than` seconds ago). Never
    raises; returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        with os.scandir(folder) as scan:
            entries = [e for e in scan if is_temp_name(e.name)]
    except (OSError, ValueError):
        return removed
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


# --------------------------------------------------------------------------------------------
# Where a command may write


def _is_save(head: bytes) -> bool:
    return head.lstrip()[:1] == b"{" and re.search(
        rb'"format"\s*:\s*"armistice-save"', head) is not None


def _is_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html"))


def _is_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith((b"<svg", b"<?xml")) and b"<svg" in text


def _is_png(head: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_summary(head: bytes) -> bool:
    return (head.lstrip()[:1] == b"{" and re.search(rb'"runs"\s*:', head) is not None
            and not _is_save(head))


def _is_schema(head: bytes) -> bool:
    return (head.lstrip()[:1] == b"{" and not _is_save(head)
            and any(key in head for key in (b'"$schema"', b'"$defs"', b'"$id"')))


def _is_mermaid(head: bytes) -> bool:
    return head.startswith(b"%% ") and b"armistice graph" in head


KINDS = {
    # kind: (what it is called, how to recognise an existing file of that kind)
    "save": ("an Armistice save", _is_save),
    "html": ("an HTML page", _is_html),
    "svg": ("an SVG image", _is_svg),
    "png": ("a PNG image", _is_png),
    "summary": ("a simulation summary", _is_summary),
    "schema": ("a JSON Schema", _is_schema),
    "mermaid": ("a Mermaid graph of ours", _is_mermaid),
}

_HEAD_BYTES = 4096


def check_output(path: StrPath, kind: str, inputs: Iterable[StrPath] = (),
                 force: bool = False, force_hint: str = "add --force to replace it") -> None:
    """Refuse to write `path` (raise `OutputRefused`) when it is the same file as one of
    `inputs` (after links, hard links included; even with `force`), when it is a folder or
    not a regular file, or when it exists, is not empty and is not of `kind` (unless
    `force`). A path that does not exist yet is fine; its folder is the writer's business."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of output {kind!r}")
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return
    for source in inputs:
        try:
            same = os.path.samefile(path, source)
        except (OSError, ValueError):
            continue
        if same:
            raise OutputRefused(path, f"is one of the files being read ({os.fspath(source)}); "
                                      "choose another file to write", errno.EEXIST)
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(path, "is a folder; give a file name", errno.EISDIR)
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(path, "is not a regular file; choose another file", errno.EEXIST)
    if force or info.st_size == 0:
        return
    name, recognise = KINDS[kind]
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise OutputRefused(path, f"exists and cannot be read to check it ({reason_of(exc)})"
                                  f"; {force_hint}", exc.errno or 0) from None
    if not recognise(head):
        raise OutputRefused(path, f"exists and is not {name}; choose another file, "
                                  f"or {force_hint}", errno.EEXIST)
