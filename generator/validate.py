"""Stage 2: check loaded documents against the schema table and each other.

Every scalar is interpreted by its field's type here (a text field keeps `no`
and `1.10` as written; a date field takes only YYYY-MM-DD), so `model` builds
from values that are already clean. Checks collect `Problem`s and never stop
at the first; cross-references are resolved once every file has been read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from generator.load import Document, Documents, Mapping, Scalar, Sequence, Value
from generator.check_url import url_problem
from generator.problems import Problem, show
from generator.visible import first_invisible
from generator.schema import (
    ARTICLE_FILE,
    ARTICLE_PATH_PATTERN,
    DAY_FILE,
    DAY_PATH_PATTERN,
    ID_HELP,
    ID_MAX_LENGTH,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    POSITIONS_BY_ROLE,
    REQUIRES,
    RESERVED_IDS,
    QUOTE_ELISION,
    RECORDS,
    VOCABULARIES,
    Field,
    fields,
)

_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Plain scalars YAML would read as "no value"; a field holding one counts as missing.
_NULLS = {"", "~", "null", "Null", "NULL"}
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


@dataclass
class Ref:
    """A reference to resolve once all files are read."""

    target: str  # actor | topic | side | claim | subject (an actor, else a side)
    id: str
    at: Scalar
    doc: Document


@dataclass
class Checked:
    """Validation's result: clean plain data per file, and every problem found."""

    records: dict[str, dict]
    """relpath → clean data for files without problems that block modelling."""
    problems: list[Problem]
    documents: list[Document] = field(default_factory=list)


SUGGESTION_NEIGHBOURS = 10
"""An unknown name is compared with at most this many known ones on either side of it in sorted
order, and as many again sorted by their endings (a typo keeps a name's beginning or its end):
with thousands of actors, each unknown id would otherwise cost thousands of comparisons."""


def did_you_mean(value: str, *pools) -> str:
    """ " (did you mean 'x'?)" for the known name closest to `value` in any of `pools`, or ""."""
    candidates: dict[str, None] = {}
    for pool in pools:
        if len(pool) <= 4 * SUGGESTION_NEIGHBOURS:
            candidates.update(dict.fromkeys(pool))
        else:
            candidates.update(dict.fromkeys(_name_index(pool).near(value, SUGGESTION_NEIGHBOURS)))
    # difflib's ratio is 2·matches / (both lengths): below 0.6 whatever matches when one name is
    # more than 7/3 times the other's length, so those are not compared at all.
    size = len(value)
    close = difflib.get_close_matches(value, [c for c in candidates if 3 * size <= 7 * len(c) and 3 * len(c) <= 7 * size],
                                      n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _NameIndex:
    """Known names sorted as written and sorted by their endings, to find an unknown one's neighbours."""

    def __init__(self, names):
        self.forward = sorted(names)
        self.backward = sorted(name[::-1] for name in names)

    def near(self, value: str, count: int) -> list[str]:
        at = bisect.bisect_left(self.forward, value)
        found = self.forward[max(0, at - count):at + count]
        back = value[::-1]
        at = bisect.bisect_left(self.backward, back)
        return found + [name[::-1] for name in self.backward[max(0, at - count):at + count]]


_INDEXES: dict[int, tuple[object, int, _NameIndex]] = {}


def _name_index(pool) -> _NameIndex:
    """The index of a large pool (the registry's actors), made once for all the files that refer to it."""
    kept = _INDEXES.get(id(pool))
    if kept is None or kept[0] is not pool or kept[1] != len(pool):
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        kept = _INDEXES[id(pool)] = (pool, len(pool), _NameIndex(pool))
    return kept[2]


def _one_of(choices) -> str:
    return "one of: " + ", ".join(choices)


def _show(value: str, limit: int = 60) -> str:
    """A value quoted inside a message: shortened, with invisible characters made visible."""
    return show(value, limit)


class _FileChecker:
    """Checks one document against its record type, collecting refs for later."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.refs: list[Ref] = []

    def problem(self, at, message: str, expected: str = "", code: str = "invalid", hint: str = "") -> None:
        line, col = (at.line, at.column) if at is not None else (0, 0)
        self.problems.append(Problem(self.doc.path, line, col, message, expected, code, hint))

    # -- records -------------------------------------------------------------
    def record(self, node: Value, record: str, where: str) -> dict | None:
        if not isinstance(node, Mapping):
            self.problem(node, f"{where} is {_describe(node)}", f"a mapping with fields {', '.join(fields(record))}",
                         code="type")
            return None
        known = _fields(record)
        out: dict = {"_at": node}
        for key, (key_node, value) in node.items.items():
            spec = known.get(key)
            if spec is None:
                self.problem(key_node, f"unknown field {_show(key)} in {where}{did_you_mean(key, known)}",
                             _one_of(known), code="unknown-field")
                continue
            out["_at_" + key] = value
            checked = self.value(value, spec, key)
            if checked is not None:
                out[key] = checked
        for spec in known.values():
            if spec.name in out:
                continue
            if spec.required:
                if "_at_" + spec.name not in out:  # present but bad: reported where it is
                    self.problem(node, f"missing required field '{spec.name}' in {where}",
                                 f"{spec.name}: {spec.help}", code="missing-field")
            elif spec.default is not None:  # absent, or present with no value
                out[spec.name] = spec.default
        for rule in REQUIRES.get(record, ()):
            if out.get(rule.field) in rule.values and "_at_" + rule.field in out and not _written(out, rule.needs):
                self.problem(out["_at_" + rule.field], f"{rule.field} is '{out[rule.field]}' but there is no "
                             f"{rule.needs}", rule.expected, code="missing-field")
        return out

    # -- values by type ---------------------------------------------------------
    def value(self, node: Value, spec: Field, name: str):
        kind = spec.type
        if kind == "list":
            return self.list(node, spec, name)
        if kind == "record":
            return self.record(node, spec.record, name)
        if kind == "positions":
            return self.positions(node, spec, name)
        if type(node) is not Scalar:
            self.problem(node, f"{name} is {_describe(node)}", _expectation(spec), code="type")
            return None
        if node.plain and node.value in _NULLS:
            if spec.required:
                self.problem(node, f"{name} has no value", _expectation(spec), code="missing-value")
            return None
        return _SCALAR_CHECKS[kind](self, node, spec, name)

    def scalar_text(self, node: Scalar, spec: Field, name: str):
        if spec.max_length is not None and len(node.value) > spec.max_length:
            self.problem(node, f"{name} is {len(node.value):,} characters long, over the limit of "
                         f"{spec.max_length:,}", f"at most {spec.max_length:,} characters", code="limit")
            return None
        if not node.value.strip():
            self.problem(node, f"{name} is empty", "some text", code="empty")
            return None
        # Bidi overrides, zero-width characters and fillers make text read differently from
        # what it is (or pass a blank for text); control characters break feeds and spreadsheets.
        ch = first_invisible(node.value)
        if ch is not None:
            self.problem(node, f"{name} contains the invisible character U+{ord(ch):04X} "
                         f"({unicodedata.name(ch, 'control')})", "visible text only", code="invisible")
            return None
        return node.value

    def scalar_markdown(self, node: Scalar, spec: Field, name: str):
        text = self.scalar_text(node, spec, name)
        if text is None:
            return None
        from generator.sanitise import markdown_problems  # Markdown is imported only when a file needs it

        found = markdown_problems(text)
        for message in found:
            self.problem(node, f"{name}: {message}", "Markdown text with http(s) links only", code="markdown")
        return None if found else text

    def scalar_language(self, node: Scalar, spec: Field, name: str):
        if not re.fullmatch(LANGUAGE_PATTERN, node.value):
            self.problem(node, f"{name} {_show(node.value)} is not a language code", "a code such as en, ar, he, fr-CA",
                         code="language")
            return None
        return node.value

    def scalar_id(self, node: Scalar, spec: Field, name: str):
        if len(node.value) > ID_MAX_LENGTH:
            self.problem(node, f"{name} is {len(node.value)} characters long", f"an id of at most {ID_MAX_LENGTH} "
                         "characters", code="id")
            return None
        if not _ID.fullmatch(node.value):
            self.problem(node, f"{name} {_show(node.value)} is not a valid id", ID_HELP, code="id")
            return None
        return node.value

    def scalar_ref(self, node: Scalar, spec: Field, name: str):
        value = self.scalar_id(node, spec, name)
        if value is not None:
            self.refs.append(Ref(spec.ref, value, node, self.doc))
        return value

    def scalar_subject(self, node: Scalar, spec: Field, name: str):
        """An actor id, or a side id when no actor has it: resolved with the other references."""
        value = self.scalar_id(node, spec, name)
        if value is not None:
            self.refs.append(Ref("subject", value, node, self.doc))
        return value

    def scalar_choice(self, node: Scalar, spec: Field, name: str):
        vocabulary = VOCABULARIES[spec.vocabulary]
        if node.value not in vocabulary:
            self.problem(node, f"unknown {name} {_show(node.value)}{did_you_mean(node.value, vocabulary)}",
                         _one_of(vocabulary), code="vocabulary")
            return None
        return node.value

    def scalar_date(self, node: Scalar, spec: Field, name: str):
        m = _DATE.fullmatch(node.value)
        if not m:
            self.problem(node, f"{name} {_show(node.value)} is not a date", "YYYY-MM-DD, e.g. 2025-06-24",
                         code="date")
            return None
        try:
            date = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            self.problem(node, f"{name} {_show(node.value)} is not a real calendar date",
                         "a date that exists, YYYY-MM-DD", code="date")
            return None
        if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
            self.problem(node, f"{name} {node.value} is out of range", f"a year from {EARLIEST_YEAR} to {LATEST_YEAR}",
                         code="date")
            return None
        return date

    def scalar_url(self, node: Scalar, spec: Field, name: str):
        url = node.value
        problem = url_problem(url)
        if problem:
            self.problem(node, f"{name} {_show(url)} {problem}", "an absolute http:// or https:// address",
                         code="url")
            return None
        return url

    def scalar_filename(self, node: Scalar, spec: Field, name: str):
        if not _FILENAME.fullmatch(node.value) or ".." in node.value:
            self.problem(node, f"{name} {_show(node.value)} is not a plain file name",
                         "a file name without directories, e.g. 2025-06-24_outlet_slug.txt", code="filename")
            return None
        return node.value

    def list(self, node: Value, spec: Field, name: str):
        if not isinstance(node, Sequence):
            if isinstance(node, Scalar) and node.plain and node.value in _NULLS:
                if spec.required:
                    self.problem(node, f"{name} has no value", _expectation(spec), code="missing-value")
                return None
            self.problem(node, f"{name} is {_describe(node)}", _expectation(spec), code="type")
            return None
        if len(node.items) < spec.min_items:
            self.problem(node, f"{name} is empty", f"at least {spec.min_items} item", code="empty")
        if spec.max_items is not None and len(node.items) > spec.max_items:
            # One page lists them all (the article's): refused, as a file over the size limit is.
            self.problem(node, f"{name} has {len(node.items):,} items, over the limit of {spec.max_items:,}",
                         f"at most {spec.max_items:,} {name} in one file (split the article)", code="limit")
            return None
        out = []
        for index, item in enumerate(node.items, 1):
            if spec.item == "record":
                value = self.record(item, spec.record, _Lazy(_item_name, spec.record, index, item))
            else:
                value = self.value(item, _item_field(spec), _Lazy("item {} of {}".format, index, name))
            if value is not None:
                out.append(value)
        return out

    def positions(self, node: Value, spec: Field, name: str):
        if not isinstance(node, Mapping):
            self.problem(node, f"{name} is {_describe(node)}", _expectation(spec), code="type")
            return None
        out = {}
        for key, (key_node, value) in node.items.items():
            topic_field, position_field = _position_fields(spec, key)
            topic = self.scalar_ref(key_node, topic_field, _Lazy(lambda k, n: f"topic {_show(k)} in {n}", key, name))
            position = self.value(value, position_field, _Lazy("position on {}".format, key))
            if topic is not None and position is not None:
                out[topic] = position
        return out


_SCALAR_CHECKS = {name[len("scalar_"):]: check for name, check in vars(_FileChecker).items()
                  if name.startswith("scalar_")}
_fields = functools.lru_cache(maxsize=None)(fields)  # the table is fixed: one dict per record type


class _Lazy:
    """A name for messages, worked out only when a message needs it: a clean corpus of
    100,000 claims would otherwise format hundreds of thousands of names nobody reads."""

    __slots__ = ("make", "args")

    def __init__(self, make, *args):
        self.make, self.args = make, args

    def __str__(self) -> str:
        return self.make(*self.args)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _item_name(record: str, index: int, item: Value) -> str:
    """ "claim 2 ('nounou-afp')": the position in the list, and the id when there is one."""
    ident = item.items.get("id") if isinstance(item, Mapping) else None
    if ident is not None and isinstance(ident[1], Scalar) and ident[1].value:
        return f"{record} {index} ({_show(ident[1].value, 40)})"
    return f"{record} {index}"


@functools.lru_cache(maxsize=None)
def _item_field(spec: Field) -> Field:
    """The field each item of a list of scalars is checked as (made once per list field)."""
    return Field(spec.name, spec.item, spec.help, required=True, ref=spec.ref, max_length=spec.max_length)


@functools.lru_cache(maxsize=None)
def _position_fields(spec: Field, key: str) -> tuple[Field, Field]:
    return (Field("topic", "ref", "", ref=spec.ref),
            Field(key, "choice", "", required=True, vocabulary=spec.vocabulary))


def _describe(node: Value) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return f"the value {_show(node.value)}"


def _expectation(spec: Field) -> str:
    return {
        "text": "text",
        "markdown": "Markdown text",
        "date": "a date YYYY-MM-DD",
        "url": "an http(s) address",
        "id": ID_HELP,
        "ref": f"{'an' if spec.ref[:1] in 'aeiou' else 'a'} {spec.ref} id",
        "subject": "an actor id or a side id",
        "choice": _one_of(VOCABULARIES.get(spec.vocabulary, ())),
        "filename": "a plain file name",
        "language": "a language code such as en, ar, he",
        "list": f"a list of {spec.ref + ' ids' if spec.item == 'ref' else 'texts' if spec.item == 'text' else spec.record + 's'}",
        "positions": "a mapping of topic ids to " + " | ".join(VOCABULARIES.get(spec.vocabulary, ())),
        "record": "a mapping",
    }[spec.type]


# --- whole-corpus checks -------------------------------------------------------------

def _registry_ids(checker: _FileChecker, items: list[dict], what: str) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    for item in items:
        ident = item.get("id")
        if ident is None:
            continue
        if ident in RESERVED_IDS and what in ("actor", "topic"):
            checker.problem(item["_at_id"], f"{what} id '{ident}' is reserved (it would replace the list of "
                            f"{what}s)", f"another id, e.g. '{ident}-{what}'", code="id")
        if ident in seen:
            first = seen[ident]["_at"]
            checker.problem(item["_at_id"], f"duplicate {what} id '{ident}' (first at line {first.line})",
                            f"each {what} id once", code="duplicate-id")
            continue
        seen[ident] = item
    return seen


def _check_aliases(checker: _FileChecker, items: list[dict], what: str) -> None:
    """Aliases name one entry each: a spelling that folds (generator/spellings.py) to another
    entry's name or alias would make search and its suggestions point two ways. Within one entry
    an alias written twice, or the name itself, is a slip; a spelling that only differs in accents,
    case or an Arabic article is kept (the page lists it; search folds it anyway)."""
    from generator.spellings import name_key

    title = "label" if what == "topic" else "name"
    owner: dict[str, tuple[str, str]] = {}  # folded spelling → (entry id, how it is written there)
    for item in items:
        if item.get("id") is not None and item.get(title):
            owner.setdefault(name_key(item[title]), (item["id"], f"{title} '{item[title]}'"))
    for item in items:
        ident, aliases, nodes = item.get("id"), set(item.get("aliases") or ()), item.get("_at_aliases")
        if not aliases or not isinstance(nodes, Sequence):
            continue
        written: set[str] = set()
        for node in nodes.items:
            if type(node) is not Scalar or node.value not in aliases:
                continue  # not text: reported as such
            alias = node.value
            key = name_key(alias)
            if not key:
                checker.problem(node, f"alias {_show(alias)} has no letters once an Arabic article is set aside",
                                "a name or a spelling of one", code="alias")
                continue
            if item.get(title) and alias.casefold() == item[title].casefold():
                checker.problem(node, f"alias {_show(alias)} is the {what}'s {title} itself",
                                f"other spellings of the {title} only", code="alias")
                continue
            if alias.casefold() in written:
                checker.problem(node, f"alias {_show(alias)} is written twice for {what} '{ident}'",
                                "each spelling once", code="alias")
                continue
            written.add(alias.casefold())
            other = owner.get(key)
            if other is not None and other[0] != ident:
                checker.problem(node, f"alias {_show(alias)} of {what} '{ident}' is also the {other[1]} of {what} "
                                f"'{other[0]}': a reader typing it could not be told which is meant",
                                f"a spelling that names '{ident}' alone (or remove it)", code="alias")
                continue
            owner.setdefault(key, (ident, f"alias '{alias}'"))


def _check_article(checker: _FileChecker, data: dict, doc: Document) -> None:
    meta = data.get("article") or {}
    published = meta.get("published")
    m = re.fullmatch(ARTICLE_PATH_PATTERN, doc.relpath)
    if m and published is not None and m[3] != published.isoformat():
        checker.problem(meta["_at_published"], f"published {published} differs from the date in the file name ({m[3]})",
                        f"the file named {m[3]}-… to be published on {m[3]}, or the file renamed", code="path")
    if m and m[3][:4] != m[1] or m and m[3][5:7] != m[2]:
        checker.problem(None, f"file is in folder {m[1]}/{m[2]} but named for {m[3]}",
                        f"articles/{m[3][:4]}/{m[3][5:7]}/{m[3]}-…", code="path")
    if meta.get("original_published") and published and meta["original_published"] > published:
        checker.problem(meta["_at_original_published"], f"original_published {meta['original_published']} is after "
                        f"published ({published})", "the original's date, on or before the republication's", code="date")
    if "original_published" in meta and not _written(meta, "republished_by"):
        checker.problem(meta["_at_original_published"], "original_published is set but republished_by is not",
                        "republished_by: the site the article was read on (or leave original_published out)",
                        code="missing-field")
    item_ids: dict[str, dict] = {}  # claims and reports share one set of anchors
    for kind, items in (("claim", data.get("claims") or []), ("report", data.get("reported") or [])):
        for item in items:
            ident = item.get("id")
            if ident is None:
                continue
            if ident in item_ids:
                first = item_ids[ident]["_at"]
                checker.problem(item["_at_id"], f"duplicate {kind} id '{ident}' (first at line {first.line})",
                                "each id once per file, among claims and reports", code="duplicate-id")
            else:
                item_ids[ident] = item
    for claim in data.get("claims") or []:
        _check_date(checker, claim, "said_on", "said_on_precision", published)
        _check_text(checker, claim, "speaker's")
        _check_attribution(checker, claim)
        if claim.get("wording") and claim.get("form") == "paraphrase":
            checker.problem(claim["_at_wording"], "wording is set on a paraphrase",
                            "wording only on a quote or a partial-quote (a paraphrase is your own words)",
                            code="invalid")
        if claim.get("about") is not None and "positions" not in claim:
            checker.problem(claim["_at_about"], "about is set but the claim states no positions",
                            "positions: the positions of `about` the claim states (or leave about out)",
                            code="missing-field")
    for report in data.get("reported") or []:
        _check_date(checker, report, "date", "date_precision", published)
        _check_text(checker, report, "outlet's")
    local_ids = _registry_ids(checker, data.get("actors") or [], "local actor")
    _check_aliases(checker, data.get("actors") or [], "local actor")
    data["_claim_ids"] = item_ids
    data["_local_actor_ids"] = local_ids


def _written(item: dict, name: str) -> bool:
    """Whether the field is written with a value (right or wrong): an empty value counts as absent."""
    if name in item:
        return True
    node = item.get("_at_" + name)
    return node is not None and not (type(node) is Scalar and node.plain and node.value in _NULLS)


def _check_date(checker: _FileChecker, item: dict, field: str, precision_field: str, published) -> None:
    """A remark's or a report's date and how it is known. Without a date the source does not date
    it: it counts as on or before the publication day, never as said on that day."""
    date, precision = item.get(field), item.get(precision_field)
    if date and published and date > published:
        checker.problem(item["_at_" + field], f"{field} {date} is after the article's publication ({published})",
                        "a date on or before published", code="date")
    if precision == "before-publication" and date is not None:
        checker.problem(item["_at_" + precision_field], f"{precision_field} is 'before-publication' but {field} "
                        f"gives a day", f"leave {field} out (the day is not known), or {precision_field}: exact "
                        "or inferred", code="invalid")


def _check_text(checker: _FileChecker, item: dict, whose: str) -> None:
    text, form = item.get("text"), item.get("form")
    if text and form == "partial-quote" and not quoted_fragments(text):
        checker.problem(item["_at_text"], "partial-quote has no words inside “…”",
                        f"the {whose} own words inside “ and ” (or use form: paraphrase)", code="quote")
    if text and form == "quote" and not "".join(quote_pieces(text)).strip():
        checker.problem(item["_at_text"], "quote is empty", f"the {whose} verbatim words", code="empty")


def _check_attribution(checker: _FileChecker, claim: dict) -> None:
    attribution = claim.get("attribution")
    if attribution == "as-reported":
        for name in ("attribution_note", "also_attributed_to"):
            if _written(claim, name):
                checker.problem(claim["_at_" + name], f"{name} is set but attribution is as-reported",
                                "attribution: unclear or disputed (or move the text to note)", code="invalid")
    actor, also = claim.get("actor"), claim.get("also_attributed_to") or []
    if actor is not None and actor in also:
        at = claim["_at_also_attributed_to"]
        node = next((n for n in at.items if isinstance(n, Scalar) and n.value == actor), at)
        checker.problem(node, f"also_attributed_to names the claim's own actor '{actor}'",
                        "the other actors the words are given to", code="invalid")


QUOTED_FRAGMENT = re.compile(r"“([^“”]+)”")
"""A “…” fragment of a partial quote: the speaker's own words (group 1)."""


def quoted_fragments(text: str) -> list[str]:
    """The “…” fragments of a partial quote: the speaker's own words."""
    return QUOTED_FRAGMENT.findall(text)


def quote_pieces(text: str) -> list[str]:
    """A quote's verbatim pieces, split where the article interrupted the speaker."""
    return text.split(QUOTE_ELISION.strip())


def _day_file_date(checker: _FileChecker, doc: Document) -> dt.date | None:
    name = re.fullmatch(DAY_PATH_PATTERN, doc.relpath)[1]
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        checker.problem(None, f"file name {name} is not a real calendar date", "days/YYYY-MM-DD.yaml", code="path")
        return None


REGISTRIES = (("side", "sides.yaml", "sides"), ("topic", "topics.yaml", "topics"), ("actor", "actors.yaml", "actors"))


def check_document(doc: Document) -> tuple[_FileChecker, dict]:
    """One file on its own: its fields by the schema, and what an article says of itself."""
    checker = _FileChecker(doc)
    data = checker.record(doc.root, doc.kind, "the file" if doc.kind != ARTICLE_FILE else "the article file")
    if data is not None and doc.kind == ARTICLE_FILE:
        _check_article(checker, data, doc)
    if data is not None and doc.kind == DAY_FILE:
        data["date"] = _day_file_date(checker, doc)
    return checker, data or {}


def check_references(checker: _FileChecker, data: dict, registries: dict[str, dict], registry_ok: dict) -> None:
    """A file's references, against the registries (`registries`: target → {id: record}; a
    record needs only its `side` (actors) and `role` (sides) fields here)."""
    local = data.get("_local_actor_ids", {})
    for ident, actor in local.items():
        if ident in registries["actor"]:
            checker.problem(actor["_at_id"], f"local actor id '{ident}' reuses an id from actors.yaml",
                            "a new id, or remove the local actor and use the registry's", code="duplicate-id")
    for ref in checker.refs:
        # The pools an id may come from, looked up one by one: merging them for each reference
        # would copy the whole registry of actors once per reference.
        if ref.target == "claim":
            pools = (data.get("_claim_ids", {}),)
        elif ref.target == "actor":
            pools = (registries["actor"], local)
        elif ref.target == "subject":
            pools = (registries["side"], local, registries["actor"])
        else:
            pools = (registries[ref.target],)
        if not any(ref.id in pool for pool in pools):
            targets = ("actor", "side") if ref.target == "subject" else (ref.target,)
            if ref.target != "claim" and not all(registry_ok[t] for t in targets):
                continue  # the registry itself is broken: its problems are reported already
            where = {"claim": "this file's claims and reports", "actor": "actors.yaml or this file's actors",
                     "topic": "topics.yaml", "side": "sides.yaml",
                     "subject": "actors.yaml, this file's actors or sides.yaml"}[ref.target]
            what = "actor or side" if ref.target == "subject" else ref.target
            checker.problem(ref.at, f"unknown {what} '{ref.id}'{did_you_mean(ref.id, *pools)}",
                            f"an id from {where}", code="unknown-ref", hint=new_entry_hint(ref.target, ref.id))
    if all(registry_ok.get(t) for t in ("actor", "side")):
        _check_position_holders(checker, data, registries, local)


def _side_of(ident: str | None, registries: dict[str, dict], local: dict) -> tuple[str, str | None] | None:
    """(who, side id) for an actor id or a side id; None when the id is unknown."""
    actor = registries["actor"].get(ident) or local.get(ident)
    if actor is not None:
        return f"actor '{ident}'", (actor or {}).get("side")
    if ident in registries["side"]:
        return f"side '{ident}'", ident
    return None


def _check_position_holders(checker: _FileChecker, data: dict, registries: dict[str, dict], local: dict) -> None:
    """A position belongs to a side, and a side's role says which positions it can hold
    (`POSITIONS_BY_ROLE`: parties any, mediators only what they offer, others none)."""
    items = [(c, c.get("about") or c.get("actor")) for c in data.get("claims") or []]
    items += [(r, r.get("about")) for r in data.get("reported") or []]
    for item, holder in items:
        positions = item.get("positions")
        if not positions or holder is None:
            continue
        found = _side_of(holder, registries, local)
        if found is None:
            continue  # an unknown id: reported as such
        who, side = found
        node = item["_at_positions"]
        if side is None:
            checker.problem(node, f"positions need a side, and {who} has none (the source does not say whose side "
                            "it speaks for)", "about: the side whose position this is, or no positions",
                            code="position")
            continue
        if side not in registries["side"]:
            continue  # an unknown side: reported where the actor names it
        role = (registries["side"][side] or {}).get("role")
        allowed = POSITIONS_BY_ROLE.get(role, ())
        for key, (key_node, value_node) in node.items.items():
            position = positions.get(key)
            if position is not None and position not in allowed:
                checker.problem(value_node, f"{who} is on side '{side}', a {role}, which cannot hold the position "
                                f"'{position}'", (f"for a {role}: " + ", ".join(allowed)) if allowed else
                                f"no positions for a side with role {role} (record the view as the claim's stance)",
                                code="position")


def registry_facts(record: dict) -> dict:
    """What an article's check needs of a registry entry (plain values: workers and the check
    cache receive them): an actor's side and a side's role."""
    return {k: record[k] for k in ("side", "role") if k in record}


@functools.lru_cache(maxsize=None)
def _new_entry_options(record: str) -> str:
    """The required options of `parley new RECORD` after --id, from the schema table."""
    options = []
    for spec in RECORDS[record]:
        if spec.required and spec.name != "id":
            value = "|".join(VOCABULARIES[spec.vocabulary]) if spec.vocabulary else spec.name.upper()
            options.append(f"--{spec.name.replace('_', '-')} {value}")
    return " ".join(options)


def new_entry_hint(target: str, ident: str) -> str:
    """How to add a missing registry entry (none for a claim: claims are written by hand)."""
    if target not in ("actor", "topic", "side"):
        return ""
    return f"to add it: parley new {target} --id {ident} {_new_entry_options(target)}"


def check_registries(checkers: dict[str, tuple[_FileChecker, dict]], documents: Documents,
                     problems: list[Problem]) -> tuple[dict[str, dict[str, dict]], dict[str, bool]]:
    """The registries' ids (target → {id: record}) and which registries could be read."""
    registries: dict[str, dict[str, dict]] = {}
    # A briefings folder that was not read at all (missing, or a link refused) is one problem, not four.
    root_unread = any(d.path == documents.root and d.problems for d in documents.documents)
    for target, relpath, key in REGISTRIES:
        if relpath in checkers:
            checker, data = checkers[relpath]
            registries[target] = _registry_ids(checker, data.get(key) or [], target)
            _check_aliases(checker, data.get(key) or [], target)
        else:
            registries[target] = {}
            if not root_unread and not any(d.relpath == relpath for d in documents.documents):
                problems.append(Problem(f"{documents.root}/{relpath}", 0, 0, f"registry {relpath} is missing",
                                        f"a file {relpath} with a list '{key}'", code="missing-file"))
    # References into a registry that is missing or unreadable are not reported one by one:
    # the registry's own problem says it all.
    registry_ok = {t: f"{t}s.yaml" in checkers for t, _, _ in REGISTRIES}
    return registries, registry_ok


def day_without_articles(checker: _FileChecker, data: dict, published: set) -> Problem | None:
    return day_problem(checker.doc.path, data.get("date") if checker.doc.kind == DAY_FILE else None, published)


def day_problem(path: str, date: dt.date | None, published: set) -> Problem | None:
    """Notes for a day (`date`: a day file's date, when it has one) on which nothing was published."""
    if date and date not in published:
        return Problem(path, 0, 0, f"no article is published on {date}, so there is no briefing for "
                       "these notes", "notes for a day that has articles", code="day")
    return None


def validate(documents: Documents, published_dates: set | None = None) -> Checked:
    """Check every document; return clean data and every problem, sorted."""
    problems: list[Problem] = list(documents.problems)
    checkers: dict[str, tuple[_FileChecker, dict]] = {}
    for doc in documents.documents:
        if doc.root is None or not doc.kind:
            continue
        checkers[doc.relpath] = check_document(doc)

    # Registries, then references into them.
    registries, registry_ok = check_registries(checkers, documents, problems)
    for relpath, (checker, data) in checkers.items():
        check_references(checker, data, registries, registry_ok)
        problems.extend(checker.problems)

    # Dates with articles: from the articles read, or given (checking a few files only).
    published = published_dates if published_dates is not None else {
        data["article"]["published"] for _, data in checkers.values() if data.get("article", {}).get("published")}
    for relpath, (checker, data) in checkers.items():
        problem = day_without_articles(checker, data, published)
        if problem:
            problems.append(problem)

    blocked = {p.path for p in problems}
    records = {relpath: data for relpath, (checker, data) in checkers.items() if checker.doc.path not in blocked}
    return Checked(records, sorted(problems), documents.documents)
