"""Publishing: a finished site (or export) takes the place of the last one, and nothing else is touched.

Gather, then write: `parley build` and `parley export` write into a staging folder beside the
destination, and only a complete one takes its place. What this module guarantees, and why:

- **Sources are never a destination.** A destination that is, contains or lies inside a folder
  Parley reads (the briefings, the docs, the package, or that contains the project) is refused
  before anything is written: replacing it would delete the corpus.
- **One writer at a time.** A lock (`flock` on the destination's parent folder) serialises
  builds and exports into the same place; a second one says it waits, then runs.
- **Nothing half done is left.** Staging folders of builds that were killed (`.site.parley-*`)
  are removed by the next build, under the lock, so none can belong to a build still running.
- **Never no site.** On Linux the new folder and the old one trade places in one step
  (renameat2 with RENAME_EXCHANGE): at every instant the destination holds the old site or the
  new one. Where the platform or the file system has no such call, the old folder is renamed
  aside and the new one renamed in, and for that moment the destination does not exist: POSIX
  `rename` cannot replace a non-empty folder, so two renames are the shortest gap there is.
- **A link stays a link.** A destination that is a symbolic link (site -> /var/www/briefings)
  is kept; the site replaces what it points to.
- **A mount point stays mounted.** A mount point cannot be renamed (EBUSY), so its content is
  swapped entry by entry inside it: each top-level path trades places with its new version
  in one step, new paths are moved in, and paths the new site no longer has are moved out.
- **Modes as `mkdocs build` makes them.** The published folder keeps the old one's permissions,
  or gets the umask's (755 under the usual 022), not a temporary folder's 700, which a web
  server running as another user could not read.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.visible import escape_unseen

STAGING_MARK = ".parley-"
"""Staging and moved-aside folders are named `.<destination>.parley-…` beside it (inside it for a
mount point: `.parley-staging-…`, `.parley-old-…`)."""


class PublishError(Exception):
    """The destination cannot be written; the message says which path, why, and what to do."""


# --- what may be a destination ---------------------------------------------------------------

def refuse_destination(target: str | os.PathLike, sources: dict[str, str | os.PathLike | None],
                       project: str | os.PathLike | None = None, *, option: str = "--site-dir") -> None:
    """Raise PublishError if `target` is, contains or lies inside one of `sources` (label → folder),
    or is or contains `project` (the folder of mkdocs.yml: a site inside it is the usual place).

    Paths are compared resolved, so a link into the sources is found out too."""
    real = Path(os.path.realpath(target))
    shown = escape_unseen(str(target))
    checks = [(label, folder, True) for label, folder in sources.items() if folder is not None]
    if project is not None:
        checks.append(("project", project, False))
    for label, folder, inside_too in checks:
        source = Path(os.path.realpath(folder))
        if real == source:
            relation = "is"
        elif source.is_relative_to(real):
            relation = "contains"
        elif inside_too and real.is_relative_to(source):
            relation = "lies inside"
        else:
            continue
        raise PublishError(
            f"{shown} {relation} the {label} folder {escape_unseen(str(source))}: publishing there would replace "
            f"what Parley reads. Nothing was written; choose a {option} outside the project's sources "
            "(the default is site/ beside mkdocs.yml)")


# --- the lock ------------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(folder: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the folder itself: no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; builds are not serialised there
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"parley: another build or export is writing in {escape_unseen(str(folder))}; waiting for it to "
                  f"finish before writing {escape_unseen(what)} (Ctrl+C to stop)", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # e.g. ENOLCK on some network file systems: go on unserialised
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
        yield
    finally:
        os.close(fd)  # releases the lock


# --- modes -------------------------------------------------------------------------------------

def _umask() -> int:
    try:  # Linux tells it without changing it (os.umask would, for every thread, for a moment)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def folder_mode(existing: Path | None) -> int:
    """The mode a published folder gets: the old folder's, else what `mkdir` would give (755 under umask 022)."""
    if existing is not None:
        try:
            return stat.S_IMODE(os.stat(existing).st_mode)
        except OSError:
            pass
    return 0o777 & ~_umask()


# --- swapping ------------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        call = libc.renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False when the platform or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _replace(new: Path, place: Path, aside: Path) -> None:
    """`new` takes the place of `place` (which may not exist); what was there is left at `new` or `aside`."""
    if not os.path.lexists(place):
        os.rename(new, place)
    elif not exchange(new, place):  # two renames: see the module's docstring for the moment in between
        os.rename(place, aside)
        try:
            os.rename(new, place)
        except BaseException:
            os.rename(aside, place)  # interrupted in between: put the old one back
            raise


def _leftovers(folder: Path, prefix: str) -> list[Path]:
    try:
        return [folder / name for name in sorted(os.listdir(folder)) if name.startswith(prefix)]
    except OSError:
        return []


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


@contextlib.contextmanager
def publishing(target: str | os.PathLike, *, what: str = "the site") -> Iterator[Path]:
    """A new, empty staging folder to write the whole output into; when the block ends without an
    exception it takes the destination's place (see the module docstring), else it is removed.

    Raises PublishError (with the path and what to do) when the destination cannot be written;
    an OSError raised inside the block is the caller's to explain (see `explain_os_error`)."""
    given = Path(target)
    shown = escape_unseen(str(given))
    place = Path(os.path.realpath(given))  # a link is kept: what it points to is replaced
    if os.path.lexists(place) and not place.is_dir():
        raise PublishError(f"{shown} exists and is not a folder; remove it or choose another destination. "
                           "Nothing was written")
    in_place = place.is_dir() and os.path.ismount(place)
    holder = place if in_place else place.parent
    prefix = STAGING_MARK if in_place else f".{place.name}{STAGING_MARK}"
    with contextlib.ExitStack() as stack:
        try:
            holder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_locked(holder, shown))
            _clean_up(holder, prefix, place, restore=True)  # after builds that were killed: we hold the lock
            # Before the folder exists, so that a signal the moment it does (SIGTERM raises in
            # this process, see mkdocs_plugin) still has it removed; before the lock is let go.
            stack.callback(_clean_up, holder, prefix, place, restore=False)
            staging = Path(tempfile.mkdtemp(prefix=prefix + "staging-", dir=holder))
        except OSError as exc:
            raise PublishError(explain_os_error(exc, f"write {what} in {holder}")) from None
        yield staging
        try:
            # The old folder's mode (or mkdir's), set once the content is written: a read-only
            # mode copied first would keep the build from writing.
            os.chmod(staging, folder_mode(place if place.is_dir() and not in_place else None))
            if in_place:
                _swap_entries(staging, place)
            else:
                _replace(staging, place, holder / f"{prefix}old-{os.getpid()}")
        except OSError as exc:
            raise PublishError(explain_os_error(exc, f"replace {what} at {given}") + ". The previous "
                               f"content of {shown} was left as it was") from None


def _clean_up(holder: Path, prefix: str, place: Path, *, restore: bool) -> None:
    """Remove staging folders and old content moved aside, but never the only copy of a site: when
    the destination is missing (a build killed between two renames, where the platform has no
    exchange), the content moved aside is kept, and put back (`restore`) by the next build."""
    for leftover in _leftovers(holder, prefix):
        if leftover.name.startswith(prefix + "old-") and not os.path.lexists(place):
            if restore:
                os.rename(leftover, place)
            continue
        _remove(leftover)


def _swap_entries(staging: Path, place: Path) -> None:
    """A mount point's content replaced entry by entry: every top-level path holds its old or its
    new version at every instant; the old versions are gathered aside and removed."""
    aside = Path(tempfile.mkdtemp(prefix=f"{STAGING_MARK}old-", dir=place))
    new = set(os.listdir(staging))
    for name in sorted(os.listdir(place)):
        if name.startswith(STAGING_MARK) or name in new:
            continue
        os.rename(place / name, aside / name)  # gone from the new site
    for name in sorted(new):
        _replace(staging / name, place / name, aside / name)


# --- what went wrong, in words ------------------------------------------------------------------

_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose a destination on a writable one",
    errno.EACCES: "permission denied: make the folder writable, or choose another destination",
    errno.EPERM: "the operation is not permitted (is the folder immutable? `lsattr -d` shows an `i`; "
                 "`chattr -i` removes it): make it writable, or choose another destination",
    errno.ENAMETOOLONG: "a file name is too long: use a shorter name or a shallower folder",
    errno.EBUSY: "the folder is in use (a mount point, or open elsewhere): choose another destination",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another destination",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run again",
    errno.EIO: "an input/output error on the device: check the disk",
}


def explain_os_error(exc: OSError, doing: str) -> str:
    """One line for an error from the operating system: what could not be done, on which path,
    why, and what to do. Names are escaped (see generator.visible)."""
    where = "" if exc.filename is None else str(exc.filename)
    if exc.filename2 is not None:  # a copy or a rename: both ends tell what happened
        where += f" → {exc.filename2}"
    advice = _ADVICE.get(exc.errno or 0, "")
    reason = exc.strerror or str(exc)
    text = f"cannot {doing}" + (f": {where}" if where else "") + f": {reason}"
    if advice:
        text += f"; {advice}"
    return escape_unseen(text)
