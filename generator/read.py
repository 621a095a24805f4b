"""Read a valid corpus quickly: the build's road from `briefings/` to a `Corpus`.

`pipeline.check` reads every file in one process and keeps every position, which is
what a report of problems needs. A build of a corpus without problems needs less:
the registries are read first, then each article is loaded, checked and turned into
its `Article` on its own, by several processes when there are many files, and a file
whose bytes have not changed since the last build (under `parley serve`) is not read
again. Whenever anything is wrong, the whole corpus is checked the ordinary way, so
the problems reported are exactly `parley check`'s.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import DEFAULT_LIMITS, Documents, Limits, discover, load_file, read_limited
from generator.model import Actor, Article, Corpus, DayNotes, Registry, Side, Topic, assemble, build_article, \
    build_day_notes, build_registry
from generator.schema import ARTICLE_FILE, DAY_FILE, REGISTRY_FILES
from generator.validate import check_document, check_references, check_registries, registry_facts

PARALLEL_MIN_FILES = 400
"""Below this many files to read, one process is quicker than starting workers (~0.1 s)."""


_PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])
"""Workers import this package from where the parent did, installed or not."""


class NeedsCheck(Exception):
    """Something is wrong: the caller checks the whole corpus to report every problem."""


@dataclass
class ReadCache:
    """What the last build read, by file content: kept by `parley serve` between rebuilds."""

    registries: bytes = b""
    """Digest of the three registry files; articles hold registry objects, so a change empties the cache."""
    files: dict[str, tuple[bytes, object]] = field(default_factory=dict)
    """relpath → (content digest, Article or DayNotes)."""
    parsed: int = 0
    """Files read by the last call (the rest came from the cache): for tests and the benchmark."""


def jobs_available() -> int:
    """Worker processes to use: the cores this process may run on, or PARLEY_JOBS."""
    given = os.environ.get("PARLEY_JOBS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_corpus(briefings: str | os.PathLike, limits: Limits = DEFAULT_LIMITS, jobs: int | None = None,
                cache: ReadCache | None = None) -> Corpus:
    """The corpus of a valid `briefings/`; raises NeedsCheck at the first sign of a problem."""
    root = Path(briefings)
    if not root.is_dir():
        raise NeedsCheck
    paths, problems = discover(root)
    if problems:
        raise NeedsCheck
    relpaths = [p.relative_to(root).as_posix() for p in paths]
    registry_files = [(p, rel, _read(p, limits)) for p, rel in zip(paths, relpaths) if rel in REGISTRY_FILES]
    registry_docs = [load_file(p, rel, limits, data=data) for p, rel, data in registry_files]
    registry, ids = _read_registries(registry_docs, display_root=str(root))

    work = [(str(p), rel) for p, rel in zip(paths, relpaths) if rel not in REGISTRY_FILES]
    results: dict[str, object] = {}
    contents: dict[str, bytes] = {}
    """The bytes of the files to read, where the cache had to read them already for their digest."""
    if cache is not None:
        registry_digest = _digest(b"".join(_digest(data) for _, _, data in registry_files))
        if registry_digest != cache.registries:
            cache.files.clear()
            cache.registries = registry_digest
        todo = []
        for path, rel in work:
            data = _read(Path(path), limits)
            digest = _digest(data)
            kept = cache.files.get(rel)
            if kept is not None and kept[0] == digest:
                results[rel] = kept[1]
            else:
                todo.append((path, rel, digest))
                contents[rel] = data
        cache.files = {rel: cache.files[rel] for rel in results}  # files deleted since are forgotten
        cache.parsed = len(todo)
    else:
        todo = [(path, rel, b"") for path, rel in work]

    jobs = jobs_available() if jobs is None else jobs
    if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
        fresh = _read_in_workers(todo, limits, registry, ids, jobs)  # workers read their files themselves
    else:
        fresh = _read_files(todo, limits, registry, ids, contents)
    for (_, rel, digest), item in zip(todo, fresh):
        results[rel] = item
        if cache is not None:
            cache.files[rel] = (digest, item)

    articles = [item for item in results.values() if isinstance(item, Article)]
    notes = [item for item in results.values() if isinstance(item, DayNotes)]
    published = {a.published for a in articles}
    if any(n.date not in published for n in notes):
        raise NeedsCheck  # notes for a day without articles: reported by the check
    return assemble(registry, articles, notes)


def read_articles(briefings: str | os.PathLike, relpaths: list[str], limits: Limits = DEFAULT_LIMITS
                  ) -> tuple[Registry, list[Article]]:
    """The registries and only the articles at `relpaths` (relative to `briefings`), for the page
    `parley serve` makes first after a save (generator/first_pages.py); NeedsCheck at the first
    sign of a problem, which the build that follows then reports."""
    root = Path(briefings)
    registry_docs = [load_file(root / rel, rel, limits, data=_read(root / rel, limits)) for rel in REGISTRY_FILES]
    registry, ids = _read_registries(registry_docs, display_root=str(root))
    todo = [(str(root / rel), rel, b"") for rel in relpaths]
    articles = _read_files(todo, limits, registry, ids)
    if not all(isinstance(article, Article) for article in articles):
        raise NeedsCheck
    return registry, articles


def _read_registries(docs, display_root: str) -> tuple[Registry, dict[str, dict]]:
    checkers = {}
    for doc in docs:
        if doc.problems or doc.root is None:
            raise NeedsCheck
        checkers[doc.relpath] = check_document(doc)
    problems: list = []
    registries, registry_ok = check_registries(checkers, Documents(display_root, docs), problems)
    for checker, data in checkers.values():  # actors.yaml refers to sides.yaml
        check_references(checker, data, registries, registry_ok)
    if problems or any(checker.problems for checker, _ in checkers.values()):
        raise NeedsCheck
    ids = {target: {k: registry_facts(record) for k, record in found.items()} for target, found in registries.items()}
    return build_registry({rel: data for rel, (_, data) in checkers.items()}), ids


def _read(path: Path, limits: Limits) -> bytes:
    """A file's bytes within the size limit; NeedsCheck if it is too big or cannot be read."""
    data, problem = read_limited(path, str(path), limits)
    if data is None:
        raise NeedsCheck
    return data


def _read_files(todo, limits: Limits, registry: Registry, ids: dict[str, dict],
                contents: dict[str, bytes] | None = None) -> list:
    """Each file → its Article or DayNotes; NeedsCheck at the first problem."""
    ok = dict.fromkeys(ids, True)
    out = []
    contents = contents or {}
    for path, rel, _ in todo:
        doc = load_file(Path(path), rel, limits, data=contents.get(rel))
        if doc.problems or doc.root is None:
            raise NeedsCheck
        checker, data = check_document(doc)
        doc.root = None  # the node tree is no longer needed: let it go now
        check_references(checker, data, ids, ok)
        if checker.problems:
            raise NeedsCheck
        if doc.kind == ARTICLE_FILE:
            out.append(build_article(rel, data, registry))
        elif doc.kind == DAY_FILE:
            out.append(build_day_notes(data))
        else:  # pragma: no cover - discover() only yields the kinds above or registries
            raise NeedsCheck
    return out


# --- several processes ---------------------------------------------------------------
# Workers are fresh interpreters (`python -m generator.read`), never forks: `parley serve`
# builds while MkDocs' server threads run, and forking a threaded process can deadlock;
# and unlike multiprocessing's "spawn" they do not re-run the caller's main script. Each
# worker gets the registries and its share of the files on stdin; its Articles come back on
# stdout, pickled with the registry's sides, topics and actors written as references
# (persistent ids), so the parent's Articles share the parent's registry objects, exactly
# as when one process reads everything.


class _RegistryPickler(pickle.Pickler):
    def persistent_id(self, obj):
        kind = type(obj)
        if kind is Side or kind is Topic or (kind is Actor and obj.article is None):
            return (kind.__name__, obj.id)
        return None


class _RegistryUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, registry: Registry):
        super().__init__(io.BytesIO(data))
        self.lookup = {"Side": registry.side_by_id, "Topic": registry.topic_by_id, "Actor": registry.actor_by_id}

    def persistent_load(self, pid):
        kind, ident = pid
        return self.lookup[kind][ident]


def _worker_main() -> int:
    import gc

    gc.disable()  # as in the parent (pipeline.collector_paused): nothing read here forms cycles
    limits, registry, ids, todo = pickle.load(sys.stdin.buffer)
    try:
        items = _read_files(todo, limits, registry, ids)
    except NeedsCheck:
        items = None
    _RegistryPickler(sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(items)
    sys.stdout.buffer.flush()
    return 0


def _read_in_workers(todo, limits: Limits, registry: Registry, ids: dict, jobs: int) -> list:
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    shares = [todo[i::jobs] for i in range(jobs)]  # interleaved: every worker gets old and new files
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_PARENT,
                                                                      os.environ.get("PYTHONPATH")]))}
    procs = [subprocess.Popen([sys.executable, "-m", "generator.read"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, env=env) for _ in shares]
    threads = ThreadPoolExecutor(len(procs))  # one thread a worker: both pipes drain at once
    try:
        outputs = list(threads.map(
            lambda job: job[0].communicate(pickle.dumps((limits, registry, ids, job[1]),
                                                        protocol=pickle.HIGHEST_PROTOCOL))[0],
            zip(procs, shares)))
    finally:
        # Interrupted (SIGTERM, Ctrl+C) or done: stop the workers first, so the threads
        # waiting on their pipes end at once instead of when the workers finish.
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        threads.shutdown()
    parts = []
    for proc, output in zip(procs, outputs):
        if proc.returncode != 0 or not output:
            raise NeedsCheck  # the ordinary check reads the files again and says what is wrong
        items = _RegistryUnpickler(output, registry).load()
        if items is None:
            raise NeedsCheck
        parts.append(items)
    out: list = [None] * len(todo)
    for i, items in enumerate(parts):
        out[i::jobs] = items
    return out


if __name__ == "__main__":
    sys.exit(_worker_main())
