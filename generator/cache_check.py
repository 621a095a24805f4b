"""`parley check` of the whole corpus, remembering each file's result by its content.

A year of articles takes seconds to check and a pre-commit hook or an editor runs the check
again and again with one file changed. Each article's result depends only on its own bytes,
its path, the input limits, and the ids the registries define (an article refers to nothing
else); a day file's also on which days have articles, which is worked out afresh each time.
So the result of every file is kept, keyed by those, in a JSON file (`.parley-cache/check.json`
beside the briefings folder), and only new or changed files are read and checked. The
registries themselves are always read.

The report is exactly the uncached check's (tests/test_cache_check.py compares them on broken
corpora), and a cache that cannot be read or written is simply not used: it is JSON, never
pickle, so a planted file can at worst make a check slow. Editing an actor's name keeps the
cache; adding, removing or renaming an id empties it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import astuple
from pathlib import Path

from generator.load import DEFAULT_LIMITS, Document, Documents, Limits, discover, display_path, load_file, \
    read_limited, read_regular, unreadable_documents
from generator.problems import Problem
from generator.schema import DAY_FILE, REGISTRY_FILES
from generator.validate import check_document, check_references, check_registries, day_problem, registry_facts
from generator.verify import names_source_text

FORMAT = "parley-check-cache-2"
CACHE_FOLDER = ".parley-cache"


def default_cache_file(briefings: str | os.PathLike) -> Path:
    """`.parley-cache/check.json` beside the briefings folder, or under PARLEY_CACHE_DIR."""
    # Beside the folder as it is named, not beside what a link named so points to.
    folder = os.environ.get("PARLEY_CACHE_DIR") or Path(os.path.abspath(briefings)).parent / CACHE_FOLDER
    return Path(folder) / "check.json"


class CheckedFiles:
    """What `parley check` reports: every problem, sorted, and how many files were looked at."""

    def __init__(self, problems: list[Problem], files: int, read: int, naming_sources: int = 0):
        self.problems, self.files, self.read = problems, files, read
        """`read`: files parsed and checked this time (the others came from the cache)."""
        self.naming_sources = naming_sources
        """Articles that name a source_text (their quotes could be verified with the sources folder)."""


def check_cached(briefings: str | os.PathLike, limits: Limits = DEFAULT_LIMITS,
                 cache_file: Path | None = None) -> CheckedFiles:
    root = Path(briefings)
    cache_file = cache_file or default_cache_file(root)
    paths, refused = discover(root)
    shown_root = display_path(root)
    relpaths = [p.relative_to(root).as_posix() for p in paths]
    # The registries, always read: their ids are part of every other file's key.
    registry_docs = {rel: load_file(p, rel, limits) for p, rel in zip(paths, relpaths) if rel in REGISTRY_FILES}
    checkers = {rel: check_document(doc) for rel, doc in registry_docs.items() if doc.root is not None and doc.kind}
    # The other files stand in by path only: the registries check asks which files exist.
    others = [Document(display_path(p), rel, "") for p, rel in zip(paths, relpaths) if rel not in registry_docs]
    refused_docs = unreadable_documents(root, refused)
    documents = Documents(shown_root, [*registry_docs.values(), *others, *refused_docs])
    problems: list[Problem] = [p for doc in (*registry_docs.values(), *refused_docs) for p in doc.problems]
    registries, registry_ok = check_registries(checkers, documents, problems)
    for checker, data in checkers.values():
        check_references(checker, data, registries, registry_ok)
        problems += checker.problems

    setting = _digest(json.dumps([FORMAT, shown_root, astuple(limits), registry_ok,
                                  {t: {i: registry_facts(r) for i, r in sorted(ids.items())} for t, ids in sorted(registries.items())}]).encode("utf-8"))
    kept = _read_cache(cache_file, setting)
    fresh: dict[str, list] = {}
    read = 0
    unread: dict[str, list] = {}
    for path, rel in zip(paths, relpaths):
        if rel in registry_docs:
            continue
        # One read gives both the key and what is checked; a file that cannot be read (or is
        # over the size limit) is reported afresh every time and never kept.
        content, _ = read_limited(path, display_path(path), limits)
        if content is None:
            unread[rel] = _check_file(path, rel, limits, registries, registry_ok, None)
            continue
        digest = _digest(content)
        entry = kept.get(rel)
        if entry is None or entry[0] != digest:
            entry = _check_file(path, rel, limits, registries, registry_ok, content)
            read += 1
        fresh[rel] = entry
    results = {**fresh, **unread}
    published = {dt.date.fromisoformat(e[1]) for e in results.values() if e[1]}
    for rel, (_, _, day, found, _) in results.items():
        problems += [Problem(*p) for p in found]
        problem = day_problem(display_path(root / rel), dt.date.fromisoformat(day) if day else None, published)
        if problem:
            problems.append(problem)
    if read or fresh.keys() != kept.keys():
        _write_cache(cache_file, setting, fresh)
    return CheckedFiles(sorted(problems), len(documents.documents), read + len(unread) + len(registry_docs),
                        sum(1 for entry in results.values() if entry[4]))


def _check_file(path: Path, rel: str, limits: Limits, registries: dict, registry_ok: dict,
                content: bytes | None) -> list:
    """[content digest, publication date, day file's date, problems, whether it names a source_text]:
    one file's cache entry."""
    digest = _digest(content) if content is not None else ""
    doc = load_file(path, rel, limits, data=content)
    found = list(doc.problems)
    published = day = None
    if doc.root is not None and doc.kind:
        checker, data = check_document(doc)
        check_references(checker, data, registries, registry_ok)
        found += checker.problems
        published = data.get("article", {}).get("published")
        day = data.get("date") if doc.kind == DAY_FILE else None
    return [digest, published.isoformat() if isinstance(published, dt.date) else None,
            day.isoformat() if isinstance(day, dt.date) else None, [list(astuple(p)) for p in found],
            names_source_text(doc)]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_cache(cache_file: Path, setting: str) -> dict[str, list]:
    """The entries kept for `setting`, or none when the file is missing, unreadable or for other settings."""
    try:
        # A regular file only (a FIFO planted there would block every check), and JSON nested
        # deeper than the cache ever is (a RecursionError in the parser) is damage like any other.
        data = json.loads(read_regular(cache_file).decode("utf-8"))
        if data.get("format") != FORMAT or data.get("setting") != setting:
            return {}
        files = data["files"]
        ok = isinstance(files, dict) and all(_valid_entry(e) for e in files.values())
        return files if ok else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}


_PROBLEM_TYPES = (str, int, int, str, str, str, str)


def _valid_entry(entry) -> bool:
    """An entry as `_check_file` makes it: checked whole, so that no damaged value reaches the report."""
    if not (isinstance(entry, list) and len(entry) == 5 and isinstance(entry[0], str) and isinstance(entry[3], list)
            and isinstance(entry[4], bool)):
        return False
    for date in entry[1:3]:
        if date is not None:
            if not isinstance(date, str):
                return False
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                return False
    return all(isinstance(p, list) and len(p) == len(_PROBLEM_TYPES)
               and all(type(v) is t for v, t in zip(p, _PROBLEM_TYPES)) for p in entry[3])


def _write_cache(cache_file: Path, setting: str, files: dict[str, list]) -> None:
    """Write the cache whole (a new file renamed into place); a failure only loses the cache."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".check-", suffix=".json", dir=cache_file.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "setting": setting, "files": files}, out, ensure_ascii=False,
                      separators=(",", ":"))
        os.replace(temporary, cache_file)
    except OSError:
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass
