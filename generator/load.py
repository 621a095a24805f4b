"""Stage 1: read `briefings/` into plain positioned data, reporting what cannot be read.

The only stage that reads files. YAML is composed (never constructed) with libyaml
and a resolver that resolves nothing, so every scalar stays the text the analyst
wrote; `validate` interprets it by the schema. Each file's node tree is turned into
small `Scalar`/`Mapping`/`Sequence` values with 1-based marks and then dropped:
keeping the trees alive makes the garbage collector slow composing ~5x.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import yaml
from yaml.resolver import BaseResolver

from generator.problems import Problem, show
from generator.syntax_hints import syntax_hint
from generator.schema import ARTICLE_FILE, ARTICLE_PATH_PATTERN, DAY_FILE, DAY_PATH_PATTERN, REGISTRY_FILES

try:  # libyaml is much faster; fall back to the pure-Python parser where it is missing
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner
    from yaml.composer import Composer as _Composer

    class _Parser(_Reader, _Scanner, _Parser, _Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _Composer.__init__(self)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting time or memory (documented in the README)."""

    max_file_bytes: int = 5_000_000
    """Larger files are refused before parsing."""
    max_flow_depth: int = 64
    """Deepest `[`/`{` nesting allowed; libyaml crashes or goes quadratic far beyond it."""
    max_block_depth: int = 64
    """Deepest nesting of mappings and sequences of any style."""
    max_indent: int = 200
    """Widest run of indentation and `- ` / `? ` markers opening a line; libyaml's composer
    recurses once per level and crashes the interpreter on 100,000 nested `- `."""


DEFAULT_LIMITS = Limits()
# A file full of aliases would otherwise print a million problems.
MAX_PROBLEMS_PER_FILE = 100


class _Loader(_Parser, BaseResolver):
    """libyaml composer with no implicit resolvers: plain scalars stay strings."""

    yaml_implicit_resolvers: dict = {}

    # The composer asks for a tag for every node; tags are refused before composing, so the
    # answer depends on the node's kind alone. Skipping BaseResolver's general lookup saves
    # ~10% of composing.
    def resolve(self, kind, value, implicit):
        return _TAG_BY_KIND[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


_STR_TAG = BaseResolver.DEFAULT_SCALAR_TAG
_SEQ_TAG = BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP_TAG = BaseResolver.DEFAULT_MAPPING_TAG
_TAG_BY_KIND = {yaml.ScalarNode: _STR_TAG, yaml.SequenceNode: _SEQ_TAG, yaml.MappingNode: _MAP_TAG}


class Scalar:
    """A scalar as written: `plain` tells an unquoted `true` or `~` from a quoted one."""

    __slots__ = ("value", "line", "column", "plain")

    def __init__(self, value: str, line: int, column: int, plain: bool):
        self.value, self.line, self.column, self.plain = value, line, column, plain

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}@{self.line}:{self.column})"


class Mapping:
    """A mapping; `items` keeps key order and maps key text to (key scalar, value)."""

    __slots__ = ("items", "line", "column")

    def __init__(self, items: dict[str, tuple[Scalar, "Value"]], line: int, column: int):
        self.items, self.line, self.column = items, line, column


class Sequence:
    __slots__ = ("items", "line", "column")

    def __init__(self, items: list["Value"], line: int, column: int):
        self.items, self.line, self.column = items, line, column


Value = Union[Scalar, Mapping, Sequence]


@dataclass
class Document:
    """One file of `briefings/`, read."""

    path: str
    """Path as shown in messages (relative to the working directory where possible)."""
    relpath: str
    """Path relative to the briefings directory, with `/` separators."""
    kind: str
    """A key of `schema.RECORDS` naming what the file holds, or "" when unknown."""
    root: Value | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Documents:
    root: str
    """The briefings directory as shown in messages."""
    documents: list[Document]

    @property
    def problems(self) -> list[Problem]:
        return [p for d in self.documents for p in d.problems]


def display_path(path: Path) -> str:
    """A path as an analyst reads it: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def kind_of(relpath: str) -> str:
    if relpath in REGISTRY_FILES:
        return REGISTRY_FILES[relpath]
    if re.fullmatch(ARTICLE_PATH_PATTERN, relpath):
        return ARTICLE_FILE
    if re.fullmatch(DAY_PATH_PATTERN, relpath):
        return DAY_FILE
    return ""


MAX_FOLDER_DEPTH = 16
"""Folders deeper than this under `briefings/` are not read (the corpus needs three: articles/YYYY/MM)."""


def discover(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every YAML file under `root`, sorted; problems for files that cannot be part of the corpus.

    The walk keeps its own stack (a folder tree thousands deep must not exhaust the interpreter's)
    and reports folders it cannot read or will not enter instead of skipping them quietly."""
    problems: list[Problem] = []
    found: list[Path] = []
    real_root = root.resolve()
    outside = _linked_root(root, real_root)
    if outside is not None:
        return [], [outside]
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(display_path(folder), 0, 0, f"cannot read folder: {exc.strerror}",
                                    "a folder Parley may read", code="read"))
            continue
        subfolders = []
        for entry in entries:
            path = folder / entry.name
            if _is_folder(entry):
                if entry.is_symlink():
                    # Linked folders are not followed; say so rather than lose their files.
                    inside = _resolves_inside(path, real_root)
                    problems.append(Problem(display_path(path), 0, 0,
                                            "symbolic link points outside the briefings directory" if inside is False
                                            else "symbolic link to a folder is not followed",
                                            "a regular folder inside the briefings directory", code="path"))
                elif depth >= MAX_FOLDER_DEPTH:
                    problems.append(Problem(display_path(path), 0, 0, f"folder is nested more than "
                                            f"{MAX_FOLDER_DEPTH} levels deep in the briefings directory; "
                                            "nothing in it is read", "articles/YYYY/MM/ and days/ (three levels)",
                                            code="path"))
                else:
                    subfolders.append(path)
                continue
            name = entry.name
            lower = name.lower()
            if not lower.endswith((".yaml", ".yml")):
                continue
            shown = display_path(path)
            if path.is_symlink() and _resolves_inside(path, real_root) is not True:
                message = ("symbolic link loops" if _resolves_inside(path, real_root) is None
                           else "symbolic link points outside the briefings directory")
                problems.append(Problem(shown, 0, 0, message, "a regular file inside it", code="path"))
                continue
            if lower.endswith(".yaml") and not name.endswith(".yaml"):
                problems.append(Problem(shown, 0, 0, f"file name ends in {name[-5:]}",
                                        "the extension .yaml in lowercase", code="path"))
                continue
            if name.endswith(".yml"):
                problems.append(Problem(shown, 0, 0, "file name ends in .yml",
                                        "the extension .yaml", code="path"))
                continue
            found.append(path)
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))  # visited in name order
    return found, problems


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a link, as os.walk does
    except OSError:
        return False


def _linked_root(root: Path, real_root: Path) -> Problem | None:
    """A briefings folder that is itself a link to a folder outside the one holding the link.

    A repository can hold a link named `briefings` to /etc or a home folder: a check in CI would
    then quote that folder's files in its messages, and the check cache be written beside it."""
    if not os.path.islink(root):
        return None
    holder = Path(os.path.abspath(root)).parent.resolve()
    if real_root.is_relative_to(holder):
        return None
    shown = display_path(root)
    return Problem(shown, 0, 0, f"the briefings directory is a symbolic link to {real_root}, outside {holder}",
                   "a real folder, or the folder itself named with --briefings (or the plugin's `briefings`)",
                   code="path")


def _resolves_inside(path: Path, root: Path) -> bool | None:
    """True or False for a link's target inside `root`, None for a link that loops."""
    try:
        return path.resolve(strict=False).is_relative_to(root)
    except (RuntimeError, OSError):
        return None


def load(root: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> Documents:
    """Read every YAML file under `root` (a `briefings/` directory)."""
    root = Path(root)
    if not root.is_dir():
        return Documents(display_path(root), [Document(display_path(root), "", "", None, [Problem(
            display_path(root), 0, 0, "briefings directory not found", "a directory with sides.yaml, "
            "topics.yaml, actors.yaml and articles/", code="path")])])
    paths, problems = discover(root)
    documents = [load_file(p, p.relative_to(root).as_posix(), limits) for p in paths]
    return Documents(display_path(root), documents + unreadable_documents(root, problems))


def unreadable_documents(root: Path, problems: list[Problem]) -> list[Document]:
    """A document for each file `discover` refused, holding its problem."""
    documents = []
    for p in problems:
        try:  # keep the path relative to the briefings folder: "registry missing" checks it
            relpath = Path(p.path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            relpath = ""
        documents.append(Document(p.path, relpath if not Path(p.path).is_symlink() else
                                  os.path.relpath(p.path, root).replace(os.sep, "/"), "", None, [p]))
    return documents


def load_selected(root: str | os.PathLike, paths: list[Path], limits: Limits = DEFAULT_LIMITS) -> Documents:
    """The registries plus the given files only: enough to check those files, since an
    article refers only to the registries and to itself (the analyst's fast loop)."""
    root = Path(root)
    wanted = {Path(p).resolve() for p in paths}
    registries = [root / name for name in REGISTRY_FILES if (root / name).is_file()]
    chosen = sorted(wanted | {p.resolve() for p in registries})
    real_root = root.resolve()
    # Shown as under `root` as given, like a full load, whatever form the paths came in.
    documents = [load_file(root / p.relative_to(real_root), p.relative_to(real_root).as_posix(), limits)
                 for p in chosen]
    return Documents(display_path(root), documents)


def article_dates(root: str | os.PathLike) -> set:
    """Publication dates of every article, read from the file names alone (no parsing)."""
    import datetime as dt

    dates = set()
    for path in Path(root).glob("articles/*/*/*.yaml"):
        try:
            dates.add(dt.date.fromisoformat(path.name[:10]))
        except ValueError:
            continue
    return dates


def load_file(path: Path, relpath: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Document:
    """One file read and parsed (`data`: its bytes, when the caller has read them already)."""
    shown = display_path(path)
    doc = Document(shown, relpath, kind_of(relpath))
    if not doc.kind:
        doc.problems.append(Problem(shown, 0, 0, "file is not where a briefings file can be",
                                    "sides.yaml, topics.yaml, actors.yaml, "
                                    "articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml", code="path"))
        return doc
    if data is None:
        data, problem = read_limited(path, shown, limits)
        if problem is not None:
            doc.problems.append(problem)
            return doc
    doc.root, doc.problems = parse(data, shown, limits)
    return doc


def read_limited(path: Path, shown: str, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or the problem that kept them from being read (too big, unreadable, not a file)."""
    try:
        return read_regular(path, limits.max_file_bytes), None
    except TooBig as exc:
        return None, Problem(shown, 0, 0, f"file is {exc.size:,} bytes, over the limit of {limits.max_file_bytes:,}",
                             "a smaller file (split the article)", code="limit")
    except NotRegularFile as exc:
        return None, Problem(shown, 0, 0, f"this is {exc.kind}, not a regular file (it is never read)",
                             "a regular file", code="read")
    except OSError as exc:
        return None, Problem(shown, 0, 0, f"cannot read file: {exc.strerror}", "a readable file", code="read")


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder: reading it could block forever or never end."""

    def __init__(self, path: os.PathLike | str, kind: str):
        super().__init__(f"{path}: {kind} is not a regular file")
        self.kind = kind


class TooBig(OSError):
    def __init__(self, path: os.PathLike | str, size: int):
        super().__init__(f"{path}: {size:,} bytes")
        self.size = size


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def read_regular(path: str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file (following links), at most `max_bytes` of them.

    Every file Parley reads by a path it did not make comes through here: a FIFO named like an
    article would block `open` until a writer comes, and a device like /dev/zero never ends.
    The file is opened without blocking and checked on the open descriptor, so it cannot be
    swapped for a FIFO between the check and the read. Raises NotRegularFile, TooBig or OSError.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):  # a socket cannot even be opened: say what it is first
        raise NotRegularFile(path, _kind(info.st_mode))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, _kind(info.st_mode))
        if max_bytes is not None and info.st_size > max_bytes:
            raise TooBig(path, info.st_size)
        data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # it grew while it was read
        raise TooBig(path, len(data))
    return data


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`, counting line breaks as YAML does: a line feed,
    a carriage return and line feed, or a carriage return alone (old Mac files)."""
    line = text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index) + 1
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return line, index - start + 1


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [Problem(shown, 1, 1, "file is encoded as UTF-32", "UTF-8", code="encoding")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, 1, "file is encoded as UTF-16", "UTF-8", code="encoding")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless: editors on Windows add it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = text_position(good, len(good))
        return None, [Problem(shown, line, col, f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
                              "a file saved as UTF-8", code="encoding")]
    bad = _FORBIDDEN.search(text)
    if bad:
        ch = bad.group()
        if ch == "\0" and data[1:2] == b"\0" or data[:1] == b"\0":
            # ASCII text saved as UTF-16 without a byte-order mark: every other byte is zero.
            return None, [Problem(shown, 1, 1, "file looks like UTF-16 without a byte-order mark "
                                  "(every other byte is zero)", "UTF-8", code="encoding")]
        line, col = text_position(text, bad.start())
        what = ("NUL character" if ch == "\0" else
                f"line or paragraph separator U+{ord(ch):04X} (editors show no break here, YAML sees one)"
                if ch in "\u2028\u2029\x85" else f"invisible character U+{ord(ch):04X}")
        return None, [Problem(shown, line, col, f"{what} in file", "text without control characters",
                              code="encoding")]
    return text, []


# Characters refused anywhere in a file, comments included: control characters (but tab, line
# feed and carriage return), the line breaks that YAML honours and editors do not show
# (U+0085, U+2028, U+2029: a "comment" could hide content), and Unicode noncharacters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")


_BRACKETS = re.compile(r"[\[\]{}]")


def check_flow_depth(text: str, shown: str, limit: int) -> list[Problem]:
    """Linear pre-scan for deep `[`/`{` nesting, before libyaml can crash or go quadratic on it.

    Brackets inside quoted text are counted too: a conservative over-count only
    matters for text with dozens of unclosed brackets, which is refused with a
    clear message instead of a crash.
    """
    if "[" not in text and "{" not in text:
        return []
    depth = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                line, col = text_position(text, m.start())
                return [Problem(shown, line, col, f"brackets nested more than {limit} deep",
                                f"at most {limit} levels of [ and {{", code="limit")]
        elif depth:
            depth -= 1
    return []


def check_block_depth(text: str, shown: str, limit: int) -> list[Problem]:
    """Linear pre-scan for lines that open deeper block nesting than any real file needs."""
    m = re.compile(r"(?:^|(?<=\r))[ \-?]{%d,}" % (limit + 1), re.M).search(text)  # a line starts after CR too
    if not m:
        return []
    line, _ = text_position(text, m.start())
    return [Problem(shown, line, limit + 1, f"line starts with more than {limit} columns of indentation "
                    "and '- ' markers", f"nesting that fits in {limit} columns", code="limit")]


def check_yaml_features(text: str, shown: str) -> list[Problem]:
    """Anchors, aliases and tags are refused: aliases make "billion laughs" files and
    hide where a value came from; tags ask a loader to build objects."""
    if "&" not in text and "*" not in text and "!" not in text:
        return []
    problems = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            name = type(token).__name__
            if name in ("AnchorToken", "AliasToken", "TagToken"):
                mark = token.start_mark
                what = {"AnchorToken": f"anchor '&{token.value}'",
                        "AliasToken": f"alias '*{token.value}'",
                        "TagToken": f"tag '{''.join(part or '' for part in token.value)}'"}[name]
                if len(problems) == MAX_PROBLEMS_PER_FILE:
                    problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                            "more anchors, aliases or tags follow (not listed)",
                                            "plain values written out in full", code="yaml-feature"))
                    break
                problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                        f"YAML {what} is not allowed",
                                        "plain values written out in full (no anchors, aliases or tags)",
                                        code="yaml-feature"))
    except yaml.YAMLError:
        pass  # the syntax error is reported, with its position, by the composer
    return problems


def parse(data: bytes, shown: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Value | None, list[Problem]]:
    """Bytes of one file → positioned plain data, or the problems that prevent it."""
    text, problems = decode(data, shown)
    if text is None:
        return None, problems
    problems = check_flow_depth(text, shown, limits.max_flow_depth) or check_block_depth(
        text, shown, limits.max_indent)
    if problems:
        return None, problems
    problems = check_yaml_features(text, shown)
    if problems:
        return None, problems
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown, text)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, 1, f"YAML syntax error: {exc}", "valid YAML", code="syntax")]
    if node is None:
        return None, [Problem(shown, 1, 1, "file is empty", "a mapping of fields", code="empty")]
    problems = []
    value = _convert(node, shown, problems, 0, limits.max_block_depth)
    return value, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, shown: str, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Problem(shown, mark.line + 1, mark.column + 1, "YAML syntax error: tab character used for "
                       "indentation", "spaces for indentation", code="syntax")
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # libyaml and PyYAML's Python parser word some errors differently; say them one way.
    problem = (exc.problem or "invalid YAML").strip().replace("not allowed in this context", "not allowed here")
    message, expected, hint = problem, "valid YAML (check indentation, quotes and colons)", ""
    cm = exc.context_mark
    if "expected a single document" in str(exc):
        message, expected = "file holds more than one YAML document", "one document, without '---' separators"
    elif "'\\t'" in message or "tab character" in message:
        message, expected = "tab character used for indentation", "spaces for indentation"
    elif "end of stream" in problem and "quoted scalar" in (exc.context or "") and cm is not None:
        # The quote runs to the end of the file: the slip is where it opens, not where it ends.
        quote = text[cm.index] if 0 <= cm.index < len(text) else '"'
        line, col = cm.line + 1, cm.column + 1
        message = f"{problem} {exc.context} (the quote opened here is never closed)"
        expected = f"a closing {quote} at the end of this value"
    else:
        if exc.context and cm and cm is not mark:
            message += f" {exc.context} (started at line {cm.line + 1}, column {cm.column + 1})"
        opened = (cm.line + 1, cm.column + 1) if cm is not None else None
        found = syntax_hint(text, problem, line, col, opened) if mark is not None else None
        if found is not None:
            expected, hint = found.expected, found.hint
    return Problem(shown, line, col, f"YAML syntax error: {message}", expected, code="syntax", hint=hint)


def _plain(node: yaml.ScalarNode) -> bool:
    # libyaml reports a plain scalar's style as "", the pure-Python parser as None.
    return node.style in (None, "")


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_PLAIN_STYLES = frozenset((None, ""))


def _convert(node: yaml.Node, shown: str, problems: list[Problem], depth: int, max_depth: int) -> Value:
    # The hottest loop of loading (one call per node of every file): types are compared
    # with `is` and the scalar case comes first, as most nodes are scalars.
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    if depth > max_depth:
        problems.append(Problem(shown, line, col, f"values nested more than {max_depth} deep",
                                f"at most {max_depth} levels", code="limit"))
        return Scalar("", line, col, True)
    kind = type(node)
    if kind is _ScalarNode:
        return Scalar(node.value, line, col, node.style in _PLAIN_STYLES)
    depth += 1
    if kind is _SequenceNode:
        items: list[Value] = []
        for n in node.value:
            if type(n) is _ScalarNode and depth <= max_depth:
                items.append(Scalar(n.value, n.start_mark.line + 1, n.start_mark.column + 1,
                                    n.style in _PLAIN_STYLES))
            elif type(n) is _MappingNode and depth <= max_depth:
                items += _mappings(n, shown, problems, depth, max_depth, col)
            else:
                items.append(_convert(n, shown, problems, depth, max_depth))
        return Sequence(items, line, col)
    return _mappings(node, shown, problems, depth, max_depth, 0)[0]


def _mappings(node: yaml.MappingNode, shown: str, problems: list[Problem], depth: int, max_depth: int,
              dash_column: int) -> list[Mapping]:
    """A mapping node as a Mapping; as several when it is a list item (`dash_column`: the 1-based
    column of the list's "- ") whose first key comes again at the same column. That is a new
    item whose "- " was left out: reported once, and read as the item it was meant to be, so
    its keys are not each reported as duplicates and references to it still resolve."""
    mark = node.start_mark
    parts = [Mapping({}, mark.line + 1, mark.column + 1)]
    items = parts[0].items
    first: Scalar | None = None
    for key_node, value_node in node.value:
        key_mark = key_node.start_mark
        kline, kcol = key_mark.line + 1, key_mark.column + 1
        if type(key_node) is not _ScalarNode:
            problems.append(Problem(shown, kline, kcol, "a key must be a plain name", "a field name", code="type"))
            continue
        key = key_node.value
        plain = key_node.style in _PLAIN_STYLES
        if plain and key == "<<":
            problems.append(Problem(shown, kline, kcol, "YAML merge key '<<' is not allowed",
                                    "every field written out in full", code="yaml-feature"))
            continue
        if key in items:
            earlier = items[key][0]
            if dash_column and first is not None and key == first.value and kcol == first.column:
                shown_value = f" {value_node.value}" if type(value_node) is _ScalarNode else ""
                problems.append(Problem(
                    shown, kline, kcol, f"duplicate key {show(key)} (first at line {earlier.line}): line {kline} "
                    f"starts a new list item without its '- '",
                    f"{show('- ' + key + ':' + shown_value, 50)}, with the '- ' at column {dash_column} like the item "
                    f"on line {parts[0].line}", code="missing-dash"))
                parts.append(Mapping({}, kline, kcol))
                items = parts[-1].items
            else:
                problems.append(Problem(shown, kline, kcol, f"duplicate key {show(key)} (first at line {earlier.line})",
                                        "each key once per mapping", code="duplicate-key"))
                continue
        if type(value_node) is _ScalarNode and depth <= max_depth:
            value_mark = value_node.start_mark
            value = Scalar(value_node.value, value_mark.line + 1, value_mark.column + 1,
                           value_node.style in _PLAIN_STYLES)
        else:
            value = _convert(value_node, shown, problems, depth, max_depth)
        items[key] = (Scalar(key, kline, kcol, plain), value)
        if first is None:
            first = items[key][0]
    return parts
