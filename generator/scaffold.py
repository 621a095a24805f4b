"""`parley new`: start an article file, or add an actor, topic or side to its registry.

Everything here returns text and writes nothing (the CLI writes). Article skeletons
and registry entries are made from the schema table, so their fields, comments and
checks follow it. A registry entry is inserted as new lines after the list's last
item: every other byte of the file (comments, order, quoting, line endings) stays.
The changed corpus is validated before anything is returned, so an entry `parley
check` would reject is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.export_schema import FILE_GLOBS, schema_file_name
from generator.load import Document, Documents, Mapping, Scalar, Sequence, load, parse
from generator.problems import Problem
from generator.schema import (
    ARTICLE_FILE,
    ID_HELP,
    ID_MAX_LENGTH,
    RECORDS,
    REGISTRY_FILES,
    VOCABULARIES,
    Field,
)
from generator.validate import _DATE, _ID, EARLIEST_YEAR, LATEST_YEAR, did_you_mean, validate

_COMMENT_WIDTH = 100


class ScaffoldError(Exception):
    """Nothing was made. `usage` tells a bad argument (exit 2) from a refusal by the corpus (exit 1)."""

    def __init__(self, messages: list[str], *, usage: bool):
        self.messages = messages
        self.usage = usage
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class NewText:
    path: Path
    """The file to write."""
    text: str
    """Its whole new content."""


# --- values ------------------------------------------------------------------------

def option_name(field_name: str) -> str:
    return "--" + field_name.replace("_", "-")


def check_value(spec: Field, value: str | list[str] | None) -> str:
    """Why `value` cannot go into `spec`'s field ("" when it can), by the schema table's rules.

    Cross-references, duplicates and invisible characters are left to the validator,
    which runs over the changed corpus afterwards. A list field takes its items one option each.
    """
    option = option_name(spec.name)
    if isinstance(value, list):
        return next((m for m in (check_value(_item(spec), item) for item in value) if m), "")
    if value is None:
        return f"{option} is required ({spec.help})" if spec.required else ""
    if not value.strip():
        return f"{option} is empty; expected {spec.help}"
    if spec.type in ("id", "ref") and len(value) > ID_MAX_LENGTH:  # an id is part of a file name or URL
        return f"{option} is {len(value):,} characters long; expected at most {ID_MAX_LENGTH} ({ID_HELP})"
    if spec.type in ("id", "ref") and not _ID.fullmatch(value):
        return f"{option} {value!r} is not a valid {spec.name}; expected {ID_HELP}"
    if spec.type == "choice" and value not in VOCABULARIES[spec.vocabulary]:
        vocabulary = VOCABULARIES[spec.vocabulary]
        return (f"{option} {value!r} is not a {spec.name}{did_you_mean(value, vocabulary)}; "
                f"expected one of: {', '.join(vocabulary)}")
    return ""


def _item(spec: Field) -> Field:
    """The field each item of a list is checked as (its option is the list's)."""
    return Field(spec.name, spec.item, spec.help, required=True, ref=spec.ref)


def check_date(value: str, option: str = "--date") -> str:
    m = _DATE.fullmatch(value)
    if not m:
        return f"{option} {value!r} is not a date; expected YYYY-MM-DD, e.g. 2025-06-24"
    try:
        date = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return f"{option} {value!r} is not a real calendar date"
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        return f"{option} {value!r} is out of range; expected a year from {EARLIEST_YEAR} to {LATEST_YEAR}"
    return ""


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar Parley and editors both read back as exactly that text.

    Plain when nothing in it means something to YAML, else double-quoted (a JSON
    string is a valid YAML double-quoted scalar).
    """
    if _plain_is_safe(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_is_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value.endswith(":"):
        return False
    try:  # `yes`, `1.10` or `~` read as other types: quote them (a date is text in editors' YAML 1.2)
        read = yaml.safe_load(value)
        if read != value and not isinstance(read, dt.date):
            return False
    except yaml.YAMLError:
        return False
    root, problems = parse(f"k: {value}\n".encode(), "value")
    if problems or not isinstance(root, Mapping):
        return False
    scalar = root.items["k"][1]
    return isinstance(scalar, Scalar) and scalar.value == value and value not in ("~", "null", "Null", "NULL")


# --- new article -------------------------------------------------------------------------

def article_relpath(date: str, slug: str) -> str:
    return f"articles/{date[:4]}/{date[5:7]}/{date}-{slug}.yaml"


def new_article(briefings: str | os.PathLike, *, outlet: str, date: str, slug: str,
                schema_dir: str | os.PathLike = "schema") -> NewText:
    """A skeleton article file for `date` and `slug`, starting with the editor's schema modeline."""
    briefings = Path(briefings)
    problems = [m for m in (check_date(date), check_value(Field("slug", "id", "the file name's slug"), slug),
                            check_value(Field("outlet", "text", "the outlet's name", required=True), outlet)) if m]
    if problems:
        raise ScaffoldError(problems, usage=True)
    if not briefings.is_dir():
        raise ScaffoldError([f"briefings directory not found: {briefings}"], usage=True)
    path = briefings / article_relpath(date, slug)
    if path.exists():
        raise ScaffoldError([f"{path} already exists; edit it, or choose another --slug"], usage=False)
    return NewText(path, article_skeleton(schema_reference("article", path, schema_dir), outlet=outlet, date=date,
                                          check_path=path.as_posix()))


def schema_reference(kind: str, path: Path, schema_dir: str | os.PathLike = "schema") -> str:
    """Where the JSON Schema of `kind` (article, day, actors, topics, sides) is, relative to the
    file at `path`: the target of the file's modeline."""
    schema = Path(schema_dir).resolve() / schema_file_name(kind)
    return Path(os.path.relpath(schema, path.parent.resolve())).as_posix()


def modeline(kind: str, path: Path, schema_dir: str | os.PathLike = "schema") -> str:
    """A new file's first line: it points editors that run yaml-language-server (VS Code's YAML
    extension, Neovim, Helix, Zed, JetBrains IDEs) at the file's JSON Schema."""
    return f"# yaml-language-server: $schema={schema_reference(kind, path, schema_dir)}"


# --- editor settings --------------------------------------------------------------------------

EDITOR_FILES = (".vscode/settings.json", ".vscode/extensions.json")


def editor_settings(briefings: str = "briefings", schema_dir: str = "schema") -> dict[str, str]:
    """The VS Code workspace files of a project folder holding `briefings` and `schema_dir`
    (paths relative to it): every briefings file connected to its schema, with or without a
    modeline; YAML indented with spaces, never tabs; the YAML extension recommended."""
    schemas = {f"./{schema_dir}/{schema_file_name(kind)}": f"{briefings}/{glob}" for kind, glob in FILE_GLOBS.items()}
    settings = {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.detectIndentation": False,
                   "files.insertFinalNewline": True},
        "files.encoding": "utf8",
    }
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    return {name: json.dumps(value, indent=2) + "\n" for name, value in zip(EDITOR_FILES, (settings, extensions))}


def _comment(text: str, indent: str, prefix: str = "# ") -> list[str]:
    return textwrap.wrap(text, _COMMENT_WIDTH - len(indent) - len(prefix), initial_indent=indent + prefix,
                         subsequent_indent=indent + prefix, break_long_words=False, break_on_hyphens=False)


def _field_note(spec: Field) -> str:
    """The field's help from the schema table, with what it takes."""
    notes = ["required" if spec.required else "optional"]
    if spec.vocabulary:
        notes.append(" | ".join(VOCABULARIES[spec.vocabulary]))
    if spec.default is not None:
        notes.append(f"default {spec.default}")
    return f"{spec.help} [{'; '.join(notes)}]"


def _skeleton_record(record: str, indent: str, values: dict[str, str]) -> list[str]:
    """Lines for one record: each field under a comment with its help; empty values to fill in."""
    lines: list[str] = []
    for spec in RECORDS[record]:
        lines += _comment(_field_note(spec), indent)
        if spec.type == "record":
            block = [f"{indent}{spec.name}:"] + _skeleton_record(spec.record, indent + "  ", values)
            if spec.required:
                lines += block
            else:  # an empty record would be reported as wrong: optional ones start commented out
                lines += _comment("to use, uncomment these lines (select them and toggle comments):", indent)
                lines += [line if line.lstrip().startswith("#") else _commented(line, indent) for line in block]
        elif spec.type == "list" and spec.item == "record":
            block = [f"{indent}{spec.name}:",
                     f"{indent}  - # {spec.record} 1: copy this block, from its \"- \", for each further {spec.record}"]
            block += _skeleton_record(spec.record, indent + "    ", {})
            if spec.required:
                lines += block
            else:  # an empty entry would be reported as wrong, so optional lists start commented out
                lines += _comment("to use, uncomment these lines (select them and toggle comments):", indent)
                lines += [_commented(line, indent) for line in block]
        elif spec.type == "positions":
            # An empty `positions:` is reported as wrong, so the example stays commented out.
            example = next(iter(VOCABULARIES[spec.vocabulary]))
            lines += [f"{indent}# {spec.name}:", f"{indent}#   topic-id: {example}"]
        else:
            value = values.get(spec.name, spec.default)  # a default is written out, to change if need be
            lines.append(f"{indent}{spec.name}:" + (f" {yaml_scalar(value)}" if value else ""))
    return lines


def _commented(line: str, indent: str) -> str:
    """A line of a commented-out block: toggling comments on the block restores the YAML."""
    return indent + "# " + line[len(indent):]


def article_skeleton(schema_ref: str, *, outlet: str, date: str, check_path: str) -> str:
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",  # what `modeline` writes
        "# A new article, made by `parley new article`. Fill in the empty values: `parley check` reports",
        "# each one still empty. Optional fields left empty count as absent; delete those you do not need.",
        f"# Then run: parley check {check_path}",
    ]
    lines += _skeleton_record(ARTICLE_FILE, "", {"outlet": outlet, "published": date})
    return "\n".join(lines) + "\n"


# --- registry entries -----------------------------------------------------------------------

def registry_record(registry: str) -> Field:
    """The list field of a registry file (e.g. `actors`, whose items are `actor` records)."""
    (spec,) = RECORDS[REGISTRY_FILES[registry]]
    return spec


def add_entry(briefings: str | os.PathLike, registry: str, values: dict[str, str | None]) -> NewText:
    """The registry file (`actors.yaml`, `topics.yaml`, `sides.yaml`) with one entry appended."""
    briefings = Path(briefings)
    listing = registry_record(registry)
    specs = RECORDS[listing.record]
    problems = [m for m in (check_value(spec, values.get(spec.name)) for spec in specs) if m]
    unknown = sorted(set(values) - {spec.name for spec in specs})
    problems += [f"{option_name(name)} is not a field of {listing.record}" for name in unknown]
    if problems:
        raise ScaffoldError(problems, usage=True)
    path = briefings / registry
    if not path.is_file():
        raise ScaffoldError([f"{path} not found (is --briefings right?)"], usage=True)
    documents = load(briefings)
    registries = {doc.relpath: doc for doc in documents.documents if doc.relpath in REGISTRY_FILES}
    for spec in specs:  # references into other registries, with the ids they could be
        if spec.type == "ref" and values.get(spec.name) is not None:
            target = next(name for name in REGISTRY_FILES if registry_record(name).record == spec.ref)
            ids = _registry_ids(registries.get(target))
            if ids is not None and values[spec.name] not in ids:
                value = values[spec.name]
                problems.append(f"{option_name(spec.name)} '{value}' is not a {spec.ref} in {target}"
                                f"{did_you_mean(value, ids)}; expected one of: {', '.join(ids)}")
    if problems:
        raise ScaffoldError(problems, usage=True)

    doc = registries.get(registry)
    ids = _registry_ids(doc)
    if not ids:  # unreadable, not UTF-8, or not a list yet: `parley check` says why
        raise ScaffoldError([f"{path} cannot be added to until it reads as a list '{listing.name}' with "
                             f"at least one entry; run: parley check {path}"], usage=False)
    text = path.read_bytes().decode("utf-8")  # the loader read it as UTF-8 just now
    ident = values["id"]
    if ident in ids:
        raise ScaffoldError([f"{listing.record} id '{ident}' is already in {path} (line {ids[ident]})"],
                            usage=False)
    pairs = [(spec.name, values[spec.name]) for spec in specs if values.get(spec.name) is not None]
    new_text, first_line = insert_entry(text, listing.name, pairs)
    _refuse_new_problems(documents, doc, new_text, {first_line + i: name for i, (name, _) in enumerate(pairs)})
    return NewText(path, new_text)


def _registry_ids(doc: Document | None) -> dict[str, int] | None:
    """Id → line of each entry in a registry file, or None when the file does not read as a list."""
    if doc is None or not isinstance(doc.root, Mapping):
        return None
    (spec,) = RECORDS[doc.kind]
    listed = doc.root.items.get(spec.name)
    if listed is None or not isinstance(listed[1], Sequence):
        return None
    ids: dict[str, int] = {}
    for item in listed[1].items:
        if isinstance(item, Mapping) and isinstance(item.items.get("id", (None, None))[1], Scalar):
            ids.setdefault(item.items["id"][1].value, item.line)
    return ids


def insert_entry(text: str, key: str, pairs: list[tuple[str, str]]) -> tuple[str, int]:
    """`text` with a new list item made of `pairs` after the last item of the block list under `key`,
    indented like the list's first item, and the (1-based) line the item starts on. Nothing else in
    `text` changes."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # PyYAML's own marks give each item's extent
    sequence = next(value for k, value in root.value if k.value == key)
    if sequence.flow_style:
        raise ScaffoldError([f"the list '{key}' is written in flow style ([...]); add the entry by hand"],
                            usage=False)
    dash = sequence.start_mark.column
    first = sequence.value[0]
    key_column = first.start_mark.column if isinstance(first, yaml.MappingNode) else dash + 2
    lines = text.splitlines(keepends=True)
    end = _last_line(sequence.value[-1])
    while end > 0 and not lines[end].strip():
        end -= 1  # a block scalar's extent runs over the blank lines after it
    end += 1
    # Comments indented under the last item (blank lines between them too) belong to it.
    belongs = re.compile(r"^ {%d,}#" % (dash + 1))
    while True:
        ahead = end
        while ahead < len(lines) and not lines[ahead].strip():
            ahead += 1
        if ahead == len(lines) or not belongs.match(lines[ahead]):
            break
        end = ahead + 1
    newline = "\r\n" if "\r\n" in text else "\n"
    entry = [" " * dash + "-" + " " * (key_column - dash - 1) + f"{pairs[0][0]}: {_yaml_value(pairs[0][1])}"]
    entry += [" " * key_column + f"{name}: {_yaml_value(value)}" for name, value in pairs[1:]]
    before = "".join(lines[:end])
    if before and not before.endswith("\n"):
        before += newline
    return before + "".join(line + newline for line in entry) + "".join(lines[end:]), end + 1


def _yaml_value(value: str | list[str]) -> str:
    """A scalar, or a list as a flow sequence of JSON strings (valid YAML, read back exactly)."""
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
    return yaml_scalar(value)


def _last_line(node: yaml.Node) -> int:
    """0-based line on which the node's content ends."""
    if isinstance(node, yaml.ScalarNode):
        mark = node.end_mark
        return mark.line if mark.column > 0 else mark.line - 1
    children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max((_last_line(n) for n in children), default=node.start_mark.line)


def _refuse_new_problems(documents: Documents, registry: Document, new_text: str,
                         entry_lines: dict[int, str]) -> None:
    """Validate the corpus as it would be; refuse any problem the change would bring in.

    A problem on one of the new lines is the value given for that line's field.
    """
    root, problems = parse(new_text.encode("utf-8"), registry.path)
    changed = Document(registry.path, registry.relpath, registry.kind, root, problems)
    after = validate(Documents(documents.root, [changed if d is registry else d for d in documents.documents]))
    if not after.problems:
        return
    before = {str(p) for p in validate(documents).problems}
    brought: list[Problem] = [p for p in after.problems if str(p) not in before]
    values = [f"{option_name(entry_lines[p.line])}: {p.explanation}"
              for p in brought if p.path == registry.path and p.line in entry_lines]
    if values:
        raise ScaffoldError(values, usage=True)
    if brought:
        raise ScaffoldError(["the new entry would bring these problems into the corpus:"]
                            + [f"  {p}" for p in brought], usage=False)
