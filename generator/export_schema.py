"""The schema table → JSON Schema (draft-07) for editors: one schema per kind of file.

Pure: `json_schemas()` turns `schema.RECORDS` and `schema.VOCABULARIES` into dicts and
`schema_files()` into file texts; the CLI (`parley schema`) writes them. The schemas
follow what `validate` accepts, as far as JSON Schema can say it; `parley check`
remains the authority (cross-references, calendar dates, invisible characters).
"""

from __future__ import annotations

import json

from generator.schema import LANGUAGE_PATTERN, ARTICLE_FILE, DAY_FILE, ID_HELP, ID_PATTERN, RECORDS, REGISTRY_FILES, \
    REQUIRES, VOCABULARIES, Field

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
# The syntax `validate` checks before it looks at the calendar and the URL's parts.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# The scheme in any case, as `parley check` reads it (JSON Schema patterns have no flags).
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://"
FILENAME_PATTERN = r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]*$"
# Parley reads every scalar as the text written (`no`, `1.10`, `2025` stay text), while an
# editor's YAML 1.2 parser reads some as numbers or booleans: text fields accept those too.
_TEXT_TYPES = ["string", "number", "boolean"]
_EMPTY = "empty: the same as leaving the field out"

# Schema file name → (record of the whole file, where such a file lives under briefings/).
FILE_KINDS: dict[str, tuple[str, str]] = {
    "article": (ARTICLE_FILE, "briefings/articles/YYYY/MM/YYYY-MM-DD-slug.yaml"),
    "day": (DAY_FILE, "briefings/days/YYYY-MM-DD.yaml"),
    **{name.removesuffix(".yaml"): (record, f"briefings/{name}") for name, record in REGISTRY_FILES.items()},
}


FILE_GLOBS: dict[str, str] = {
    "article": "articles/**/*.yaml",
    "day": "days/*.yaml",
    **{name.removesuffix(".yaml"): name for name in REGISTRY_FILES},
}
"""Schema file name → the files of that kind, as a glob under briefings/ (for editor settings)."""


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def _vocabulary_text(vocabulary: str) -> tuple[str, str]:
    """The values and their meanings, as plain text and as a Markdown list."""
    meanings = VOCABULARIES[vocabulary]
    plain = "; ".join(f"{value} ({meaning})" for value, meaning in meanings.items())
    markdown = "\n".join(f"- `{value}`: {meaning}" for value, meaning in meanings.items())
    return plain, markdown


def _described(spec: Field, schema: dict) -> dict:
    description, markdown = spec.help, spec.help
    if spec.vocabulary:
        plain, listed = _vocabulary_text(spec.vocabulary)
        description += f". One of: {plain}"
        markdown += f"\n\nOne of:\n\n{listed}"
    if spec.type == "id":
        description += f" ({ID_HELP})"
        markdown += f" ({ID_HELP})"
    if spec.default is not None:
        schema["default"] = spec.default
        description += f". Default: {spec.default}"
        markdown += f"\n\nDefault: `{spec.default}`."
    if spec.example:
        schema["examples"] = [spec.example]
    schema["description"] = description
    schema["markdownDescription"] = markdown
    return schema


def _id_schema() -> dict:
    return {"type": "string", "pattern": ID_PATTERN}


def _choice_schema(vocabulary: str) -> dict:
    meanings = VOCABULARIES[vocabulary]
    return {"enum": list(meanings), "markdownEnumDescriptions": list(meanings.values())}


def _scalar_schema(spec: Field) -> dict:
    if spec.type in ("text", "markdown"):
        schema = {"type": list(_TEXT_TYPES), "minLength": 1, "pattern": r"\S"}
        if spec.max_length is not None:
            schema["maxLength"] = spec.max_length
        return schema
    if spec.type in ("id", "ref", "subject"):
        return _id_schema()
    if spec.type == "date":
        return {"type": "string", "pattern": DATE_PATTERN}
    if spec.type == "url":
        return {"type": "string", "format": "uri", "pattern": URL_PATTERN}
    if spec.type == "filename":
        return {"type": "string", "pattern": FILENAME_PATTERN}
    if spec.type == "language":
        return {"type": "string", "pattern": LANGUAGE_PATTERN}
    if spec.type == "choice":
        return _choice_schema(spec.vocabulary)
    raise ValueError(f"field {spec.name!r} has unknown type {spec.type!r}")


def _value_schema(spec: Field) -> dict:
    """The schema of one field's value, without its description."""
    if spec.type == "record":
        return record_schema(spec.record)
    if spec.type == "positions":
        return {"type": "object", "propertyNames": _id_schema(), "additionalProperties": _choice_schema(spec.vocabulary)}
    if spec.type == "list":
        if spec.item == "record":
            items = record_schema(spec.record)
        elif spec.item == "ref":
            items = _id_schema()
        else:
            items = _scalar_schema(Field(spec.name, spec.item, spec.help))
        schema = {"type": "array", "items": items}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.max_items is not None:
            schema["maxItems"] = spec.max_items
        return schema
    return _scalar_schema(spec)


def _field_schema(spec: Field) -> dict:
    schema = _value_schema(spec)
    # `validate` counts an empty optional scalar or list (`headline:`, `~`) as absent.
    if not spec.required and spec.type not in ("record", "positions"):
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = types + ["null"]
        else:  # an enum
            schema["enum"] = schema["enum"] + [None]
            schema["markdownEnumDescriptions"] = schema["markdownEnumDescriptions"] + [_EMPTY]
    return _described(spec, schema)


def record_schema(record: str) -> dict:
    specs = RECORDS[record]
    schema: dict = {
        "title": record.replace("_", " "),
        "type": "object",
        "properties": {spec.name: _field_schema(spec) for spec in specs},
        "additionalProperties": False,
    }
    required = [spec.name for spec in specs if spec.required]
    if required:
        schema["required"] = required
    rules = [{"if": {"properties": {rule.field: {"enum": list(rule.values)}}, "required": [rule.field]},
              "then": {"required": [rule.needs]}} for rule in REQUIRES.get(record, ())]
    if rules:
        schema["allOf"] = rules
    return schema


def json_schemas() -> dict[str, dict]:
    """File name (e.g. `article.schema.json`) → JSON Schema of that kind of file."""
    out = {}
    for kind, (record, where) in FILE_KINDS.items():
        schema = record_schema(record)
        schema["$schema"] = DRAFT_07
        schema["title"] = f"Parley {kind} file"
        schema["description"] = (f"{where}: generated by `parley schema` from the schema table in "
                                 "generator/schema.py; `parley check` is the authority.")
        out[schema_file_name(kind)] = schema
    return out


def schema_text(schema: dict) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name → the exact text `parley schema` writes."""
    return {name: schema_text(schema) for name, schema in json_schemas().items()}
