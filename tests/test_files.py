"""game.files: the one atomic writer (whole file or nothing, one-line errors, no temp files
left) and the check of where a command may write."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from game import files
from game.files import (
    OutputRefused,
    WriteError,
    check_output,
    is_temp_name,
    remove_stale_temps,
    write_atomic,
)

OLD = b"the good old file\n" * 50
NEW = b"new content " * 2000


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "game.json"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


def _only(path: Path) -> None:
    """The folder holds the target and nothing else (no temporary file left)."""
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def _one_line(exc: BaseException, path: Path, reason: str) -> None:
    text = str(exc)
    assert "\n" not in text
    assert str(path) in text and reason in text
    assert "Traceback" not in text and "Errno" not in text


def test_writes_bytes_and_text(tmp_path: Path) -> None:
    assert write_atomic(tmp_path / "a.bin", b"\x00\x01") == tmp_path / "a.bin"
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    write_atomic(tmp_path / "b.txt", "Kaesong — Panmunjom\n")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "Kaesong — Panmunjom\n"
    assert not [p for p in tmp_path.iterdir() if is_temp_name(p.name)]


def test_replaces_and_keeps_permissions(target: Path) -> None:
    target.chmod(0o600)
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert target.stat().st_mode & 0o777 == 0o600
    _only(target)


def _failing(real: Any, code: int, *, after: int = 0, when: Any = None) -> Any:
    """`real`, but raising OSError(code) from its call number `after` on (for the calls that
    `when` accepts)."""
    calls = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if when is None or when(*args):
            calls.append(1)
            if len(calls) > after:
                raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)
    return wrapper


def _is_temp(path: Any, *_: Any) -> bool:
    return is_temp_name(Path(path).name)


def _half_then(code: int) -> Any:
    real = os.write
    calls = []

    def write(fd: int, data: Any) -> int:
        calls.append(1)
        if len(calls) == 1:
            return real(fd, bytes(data[: len(data) // 2]))
        raise OSError(code, os.strerror(code))
    return write


FAILURES = [
    # (what is patched, the replacement factory, the reason the user reads)
    ("write", lambda: _half_then(errno.ENOSPC), "disk full"),
    ("write", lambda: _half_then(errno.EDQUOT), "disk full"),
    ("write", lambda: _half_then(errno.EFBIG), "file too large"),
    ("write", lambda: _failing(os.write, errno.EIO), "input/output error"),
    ("open", lambda: _failing(os.open, errno.EROFS, when=_is_temp), "read-only file system"),
    ("open", lambda: _failing(os.open, errno.EACCES, when=_is_temp), "permission denied"),
    ("open", lambda: _failing(os.open, errno.ENOSPC, when=_is_temp), "disk full"),
    ("replace", lambda: _failing(os.replace, errno.ENOENT), "no such folder"),
    ("replace", lambda: _failing(os.replace, errno.EACCES), "permission denied"),
    ("replace", lambda: _failing(os.replace, errno.EROFS), "read-only file system"),
    ("fsync", lambda: _failing(os.fsync, errno.EIO), "input/output error"),
    ("fsync", lambda: _failing(os.fsync, errno.ENOSPC), "disk full"),
]


@pytest.mark.parametrize(("name", "make", "reason"), FAILURES,
                         ids=[f"{n}-{r}" for n, _, r in FAILURES])
def test_failure_leaves_old_file_and_no_temp(target: Path, monkeypatch: pytest.MonkeyPatch,
                                             name: str, make: Any, reason: str) -> None:
    monkeypatch.setattr(os, name, make())
    with pytest.raises(WriteError) as caught:
        write_atomic(target, NEW)
    monkeypatch.undo()
    _one_line(caught.value, target, reason)
    assert isinstance(caught.value, OSError)
    assert target.read_bytes() == OLD
    _only(target)


def test_a_write_that_makes_no_progress_is_a_full_disk(target: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", lambda fd, data: 0)
    with pytest.raises(WriteError, match="disk full"):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    _only(target)


def test_a_write_that_claims_more_than_landed_is_caught(target: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that says "all written" while the file is short (a lying layer, a truncated
    write) is found by re-checking the size before the rename."""
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: (real(fd, bytes(data[:10])), len(data))[1])
    with pytest.raises(WriteError, match=f"incomplete: only 10 of {len(NEW)} bytes"):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    _only(target)


def test_interrupt_removes_temp_and_keeps_old(target: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: Any) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    _only(target)


def test_no_such_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "missing" / "dir" / "x.json", NEW)
    _one_line(caught.value, tmp_path / "missing" / "dir" / "x.json", "no such folder")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("make_folder", [False, True])
def test_path_under_a_regular_file(tmp_path: Path, make_folder: bool) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_bytes(OLD)
    for path in (blocker / "x.json", blocker / "deeper" / "x.json"):
        with pytest.raises(WriteError) as caught:
            write_atomic(path, NEW, make_folder=make_folder)
        _one_line(caught.value, path, "no such folder")
    assert blocker.read_bytes() == OLD
    _only(blocker)


def test_never_replaces_a_folder_or_a_special_file(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(WriteError, match="is a folder"):
        write_atomic(tmp_path / "folder", NEW)
    assert (tmp_path / "folder").is_dir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(WriteError, match="not a regular file"):
            write_atomic(tmp_path / "pipe", NEW)
        assert not (tmp_path / "pipe").is_file()
    assert not [p for p in tmp_path.iterdir() if is_temp_name(p.name)]


def test_bad_file_name_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="not a usable file name"):
        write_atomic(str(tmp_path / "a\0b.json"), NEW)
    with pytest.raises(WriteError, match="file name too long"):
        write_atomic(tmp_path / ("x" * 300), NEW)
    assert list(tmp_path.iterdir()) == []


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, NEW)
    assert link.is_symlink() and real.read_bytes() == NEW
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(WriteError, match="no such folder"):
        write_atomic(dangling, NEW, make_folder=True)  # no folder made for a link's target
    assert not (tmp_path / "nowhere").exists()


def test_replace_false_never_replaces(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    write_atomic(path, b"first", replace=False)
    with pytest.raises(FileExistsError):
        write_atomic(path, b"second", replace=False)
    assert path.read_bytes() == b"first"
    _only(path)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="root writes into read-only folders; the file-size test covers it")
def test_read_only_folder(target: Path) -> None:
    target.parent.chmod(0o500)
    try:
        with pytest.raises(WriteError) as caught:
            write_atomic(target, NEW)
    finally:
        target.parent.chmod(0o700)
    _one_line(caught.value, target, "permission denied")
    assert target.read_bytes() == OLD
    _only(target)


@pytest.mark.skipif(not hasattr(os, "setrlimit") and sys.platform == "win32",
                    reason="no file-size limits")
def test_file_size_limit_is_an_error_not_a_killed_process(target: Path) -> None:
    """Over `ulimit -f` the kernel sends SIGXFSZ (which kills) and fails the write with EFBIG:
    the writer ignores the signal and reports the error; the old file is untouched."""
    script = textwrap.dedent(f"""
        import resource
        from game.files import WriteError, write_atomic
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic({str(target)!r}, b"x" * 100_000)
        except WriteError as exc:
            print(exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{target}: cannot be written (file too large)"
    assert target.read_bytes() == OLD
    _only(target)


# --------------------------------------------------------------------------------------------
# Stale temporary files


def _aged(path: Path, seconds: float) -> Path:
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)
    return path


def test_remove_stale_temps_only_ours_and_old(tmp_path: Path) -> None:
    ours = ".game.json.0123456789abcdef" + files.TEMP_SUFFIX
    old = tmp_path / ours
    old.write_bytes(b"x")
    _aged(old, 3600)
    fresh = tmp_path / (".game.json.fedcba9876543210" + files.TEMP_SUFFIX)
    fresh.write_bytes(b"y")
    keep = {
        "game.json": b"a save",
        ".game.json.1234abcd.tmp": b"someone else's temp",
        ".game.json.0123456789abcdef" + files.TEMP_SUFFIX + ".bak": b"looks similar",
        "game.json.0123456789abcdef" + files.TEMP_SUFFIX: b"not hidden",
        ".game.json.0123456789ABCDEF" + files.TEMP_SUFFIX: b"upper case",
        ".game.json.0123456789abcde" + files.TEMP_SUFFIX: b"15 digits",
    }
    for name, content in keep.items():
        (tmp_path / name).write_bytes(content)
        _aged(tmp_path / name, 3600)
    folder = tmp_path / (".d.0123456789abcdef" + files.TEMP_SUFFIX)
    folder.mkdir()
    _aged(folder, 3600)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not to be deleted")
    link = tmp_path / (".l.0123456789abcdef" + files.TEMP_SUFFIX)
    link.symlink_to(victim)
    _aged(link, 3600)

    assert remove_stale_temps(tmp_path) == [old]
    assert not old.exists() and fresh.exists() and folder.is_dir() and link.is_symlink()
    assert victim.read_bytes() == b"not to be deleted"
    for name, content in keep.items():
        assert (tmp_path / name).read_bytes() == content
    assert remove_stale_temps(tmp_path / "missing") == []


def test_a_failed_write_leaves_nothing_for_the_sweep(target: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp file of a write is our pattern (so a sweep would find it after a crash)."""
    seen = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", spy)
    write_atomic(target, NEW)
    assert len(seen) == 1 and is_temp_name(seen[0]) and seen[0].startswith(".game.json.")


# --------------------------------------------------------------------------------------------
# Where a command may write

SAMPLES = {
    "save": b'{\n  "format": "armistice-save",\n  "version": 1\n}\n',
    "html": b"<!DOCTYPE html>\n<html lang=\"en\"><head></head></html>\n",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n',
    "png": b"\x89PNG\r\n\x1a\n" + b"\0" * 20,
    "summary": b'{\n  "runs": 10,\n  "seed": 1\n}\n',
    "schema": b'{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"\n}\n',
    "mermaid": b"%% 1951: x\n%% Generated by `armistice graph`. Gold: history.\nflowchart LR\n",
    "yaml": b"id: korea_1951\ntitle: The talks\n",
    "text": b"my essay on the armistice\n",
}


@pytest.mark.parametrize("kind", sorted(files.KINDS))
def test_check_output_by_kind(tmp_path: Path, kind: str) -> None:
    for sample, content in SAMPLES.items():
        path = tmp_path / f"{sample}.out"
        path.write_bytes(content)
        if sample == kind:
            check_output(path, kind)  # the same kind: fine
        else:
            with pytest.raises(OutputRefused) as caught:
                check_output(path, kind)
            assert "--force" in str(caught.value) and str(path) in str(caught.value)
            check_output(path, kind, force=True)
        assert path.read_bytes() == content  # checking never writes
    check_output(tmp_path / "new.out", kind)  # not there yet: fine
    (tmp_path / "empty.out").write_bytes(b"")
    check_output(tmp_path / "empty.out", kind)  # nothing to lose


def test_check_output_refuses_inputs_through_links_even_forced(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_bytes(SAMPLES["yaml"])
    (tmp_path / "sub").mkdir()
    soft = tmp_path / "sub" / "soft.svg"
    soft.symlink_to(scenario)
    hard = tmp_path / "hard.html"
    os.link(scenario, hard)
    for path in (scenario, soft, hard, tmp_path / "sub" / ".." / "s.yaml"):
        for force in (False, True):
            with pytest.raises(OutputRefused, match="one of the files being read"):
                check_output(path, "svg", [str(scenario)], force)
    check_output(tmp_path / "other.svg", "svg", [scenario])


def test_check_output_refuses_folders_and_special_files(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="is a folder"):
        check_output(tmp_path, "html", force=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(OutputRefused, match="not a regular file"):
            check_output(tmp_path / "pipe", "html", force=True)
    with pytest.raises(ValueError):
        check_output(tmp_path / "x", "nonsense")
