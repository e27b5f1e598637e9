"""Writing the outputs: a staging folder, then an exchange that leaves no output missing.

Everything is written into a staging folder next to the outputs (``OUT/.gongkai-build-*``),
and only when all of it succeeded are the new ``site_src/``, ``datapackage/`` and ``site/``
swapped in. Each folder is exchanged with its new version in one
``renameat2(RENAME_EXCHANGE)`` call where Linux offers it, so no output is ever missing.
The exchanges are not one atomic step: a journal in the staging folder records the new
folders before the first one, and the next build completes a swap a killed build left
half done, then removes leftover staging folders (and whatever temporary files they
hold). Builds into one folder take turns (an exclusive ``flock`` on it).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

log = logging.getLogger(__name__)

STAGING_PREFIX = ".gongkai-build-"
JOURNAL = ".swap.json"


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` under ``root``, refusing any path that would leave it."""
    root = root.resolve()
    for rel_path in sorted(files):
        target = (root / rel_path).resolve()
        if root not in target.parents:
            raise ValueError(f"refusing to write {rel_path!r} outside {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        content = files[rel_path]
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(target, "xb") as f:  # "x": never write one path twice
            f.write(content)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths; False where the system cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _replace(new: Path, target: Path, staging: Path) -> None:
    """Put ``new`` at ``target``; the previous ``target`` ends up inside ``staging``."""
    if not target.exists():
        os.rename(new, target)
    elif not exchange(new, target):
        os.replace(target, staging / f".old-{target.name}")  # a short moment without target
        os.rename(new, target)


def _put_back(staging: Path, target: Path, swapped: bool) -> None:
    """Undo :func:`_replace` of ``target``: the previous version (or none) is there again."""
    exchanged, backup = staging / target.name, staging / f".old-{target.name}"
    if swapped and exchanged.exists():
        exchange(exchanged, target)
    elif backup.exists():  # moved aside by the two-rename fallback
        if swapped:
            shutil.rmtree(target)
        os.rename(backup, target)
    elif swapped:  # there was no previous version
        shutil.rmtree(target)


def swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Replace ``out/<name>`` by ``staging/<name>`` for each name, restoring on failure.

    A journal (``staging/.swap.json``) records the new folders first, so that a swap
    interrupted by a kill is completed by the next build (:func:`recover`).
    """
    journal = {name: (staging / name).stat().st_ino for name in names}
    tmp = staging / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(journal), encoding="utf-8")
    os.replace(tmp, staging / JOURNAL)
    done: list[str] = []
    try:
        for name in names:
            _replace(staging / name, out / name, staging)
            done.append(name)
    except OSError:
        (staging / JOURNAL).unlink()  # this swap must not be completed later
        for name in reversed(names[:len(done) + 1]):  # put the previous outputs back
            with contextlib.suppress(OSError):
                _put_back(staging, out / name, swapped=name in done)
        raise
    (staging / JOURNAL).unlink()


def recover(out: Path) -> None:
    """Complete swaps a killed build left half done; remove leftover staging folders.

    Call with the output folder locked (:func:`locked`), so no other build is using them.
    """
    if not out.is_dir():
        return
    for staging in sorted(out.glob(STAGING_PREFIX + "*")):
        if staging.is_symlink() or not staging.is_dir():
            continue
        journal = staging / JOURNAL
        if journal.is_file():
            try:
                inodes = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                inodes = {}
            for name, inode in inodes.items():
                new, target = staging / name, out / name
                if target.exists() and target.stat().st_ino == inode:
                    continue  # already swapped
                if new.exists() and new.stat().st_ino == inode:
                    log.warning("completing an interrupted build: %s", target)
                    _replace(new, target, staging)
        remove(staging)


def remove(folder: Path, tries: int = 20) -> None:
    """Remove a staging folder, waiting a little for the processes of a killed build (which
    die with it, but not at the same instant) to stop writing there."""
    for _ in range(tries):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1)
    log.warning("cannot remove %s; remove it by hand", folder)


@contextlib.contextmanager
def locked(out: Path):
    """Hold an exclusive lock on the output folder (one build writes into it at a time)."""
    fd = os.open(out, os.O_RDONLY)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:  # some network file systems cannot lock
                log.warning("cannot lock %s (%s); make sure no other build writes there", out, exc)
        yield
    finally:
        os.close(fd)  # also releases the lock


class Staging:
    """A staging folder in ``out`` for one build (see the module docstring).

    Entering locks ``out``, completes or removes what killed builds left, and makes the
    folder; leaving removes it. :meth:`swap` puts its outputs in place.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._stack = contextlib.ExitStack()
        self.path = Path()

    def __enter__(self) -> "Staging":
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._stack.enter_context(locked(self.out))
            recover(self.out)
            self.path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
        except BaseException:
            self._stack.close()
            raise
        self._stack.callback(shutil.rmtree, self.path, ignore_errors=True)
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def callback(self, fn, *args) -> None:
        """Run ``fn(*args)`` when the staging folder goes (success or failure)."""
        self._stack.callback(fn, *args)

    def write(self, name: str, files: dict[str, str | bytes]) -> Path:
        write_tree(self.path / name, files)
        return self.path / name

    def swap(self, names: list[str]) -> None:
        swap_in(self.path, self.out, names)


def recover_leftovers(out: Path) -> None:
    """Complete or remove what killed builds left in ``out`` (before anything can fail)."""
    with contextlib.suppress(OSError), locked(out):
        recover(out)
