"""The editors' JSON Schemas: generated from the schema table, shipped up to date, and agreeing
with `parley check` on what a file may hold."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.export_schema import DATE_PATTERN, FILE_KINDS, URL_PATTERN, json_schemas, schema_files
from generator.pipeline import check
from generator.schema import ID_PATTERN, RECORDS, VOCABULARIES

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "schema"
FIXTURES = REPO / "tests" / "fixtures"
REGENERATE = "the schema table changed: regenerate the editors' schemas with `python -m generator schema` " \
             "(or `.venv/bin/parley schema`) and commit schema/"


def test_shipped_schemas_equal_a_fresh_generation():
    fresh = schema_files()
    shipped = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.schema.json")}
    assert sorted(shipped) == sorted(fresh), REGENERATE
    for name, text in fresh.items():
        assert shipped[name] == text, f"schema/{name} is out of date; {REGENERATE}"


def test_one_schema_per_kind_of_file_with_sorted_keys_and_a_final_newline():
    assert sorted(schema_files()) == ["actors.schema.json", "article.schema.json", "day.schema.json",
                                      "sides.schema.json", "topics.schema.json"]
    for name, text in schema_files().items():
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert schema_files()[name] == text  # deterministic


def _properties(schema: dict) -> dict:
    return schema.get("properties", {})


def test_every_record_follows_the_table():
    """Fields, required fields, help texts and vocabularies all come from schema.RECORDS."""
    schemas = json_schemas()
    article = schemas["article.schema.json"]
    records = {
        "article_file": article,
        "article": _properties(article)["article"],
        "claim": _properties(article)["claims"]["items"],
        "caveat": _properties(article)["caveats"]["items"],
        "actor": _properties(schemas["actors.schema.json"])["actors"]["items"],
        "side": _properties(schemas["sides.schema.json"])["sides"]["items"],
        "topic": _properties(schemas["topics.schema.json"])["topics"]["items"],
        "day_notes": _properties(schemas["day.schema.json"])["day"],
    }
    for record, schema in records.items():
        fields = RECORDS[record]
        assert schema["type"] == "object" and schema["additionalProperties"] is False, record
        assert list(schema["properties"]) == [f.name for f in fields], record
        assert schema.get("required", []) == [f.name for f in fields if f.required], record
        for f in fields:
            prop = schema["properties"][f.name]
            assert prop["description"].startswith(f.help), (record, f.name)
            if f.type == "choice":
                values = [v for v in prop["enum"] if v is not None]
                assert values == list(VOCABULARIES[f.vocabulary]), (record, f.name)
                for meaning in VOCABULARIES[f.vocabulary].values():
                    assert meaning in prop["description"] and meaning in prop["markdownDescription"]
            if f.min_items:
                assert prop["minItems"] == f.min_items


def test_ids_dates_urls_and_positions():
    article = json_schemas()["article.schema.json"]
    meta = article["properties"]["article"]["properties"]
    claim = article["properties"]["claims"]["items"]["properties"]
    assert meta["published"]["pattern"] == DATE_PATTERN == r"^\d{4}-\d{2}-\d{2}$"
    assert meta["url"]["format"] == "uri" and meta["url"]["pattern"] == URL_PATTERN == "^[Hh][Tt][Tt][Pp][Ss]?://"
    assert claim["id"]["pattern"] == ID_PATTERN
    assert claim["topics"]["items"]["pattern"] == ID_PATTERN
    positions = claim["positions"]
    assert positions["type"] == "object"
    assert positions["propertyNames"]["pattern"] == ID_PATTERN
    assert positions["additionalProperties"]["enum"] == list(VOCABULARIES["position"])


# --- validating real files with the jsonschema library ----------------------------------------

jsonschema = pytest.importorskip("jsonschema")


def _validator(kind: str):
    schema = json_schemas()[f"{kind}.schema.json"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


class _TextLoader(yaml.SafeLoader):
    """Reads scalars as Parley does: the text written, except that an empty plain value, `~` or
    `null` is no value (as for editors' YAML 1.2 too)."""

    yaml_implicit_resolvers: dict = {}


_TextLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                                  ["~", "n", "N", ""])


def _read(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader)


def _files(kind: str) -> list[Path]:
    roots = [REPO / "briefings", FIXTURES / "corpus", FIXTURES / "multiday"]
    if kind == "article":
        return [p for root in roots for p in sorted((root / "articles").rglob("*.yaml"))]
    if kind == "day":
        return [p for root in roots for p in sorted((root / "days").glob("*.yaml"))]
    return [root / f"{kind}.yaml" for root in roots]


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_every_shipped_and_fixture_file_validates(kind):
    validator = _validator(kind)
    files = _files(kind)
    assert files, f"no {kind} files found"
    for path in files:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_read(path))]
        assert errors == [], path.relative_to(REPO)


def test_broken_article_fails_with_each_error_where_it_is():
    validator = _validator("article")
    data = _read(FIXTURES / "corpus" / "articles" / "2030" / "01" / "2030-01-10-talks-open.yaml")
    data["claims"][0]["stance"] = "optimistc"
    data["claims"][1]["mood"] = "grim"
    errors = {("/".join(map(str, e.absolute_path)), e.validator) for e in validator.iter_errors(data)}
    assert errors == {("claims/0/stance", "enum"), ("claims/1", "additionalProperties")}
    assert any("'mood' was unexpected" in e.message for e in validator.iter_errors(data))


# Each variant is judged by `parley check` and by the schema; they must agree. (Cross-references
# such as an unknown actor id are out of a JSON Schema's reach and are not listed.)
VALID = "article:\n  outlet: Example\n  published: 2030-01-11\n{extra}claims:\n  - {claim}\n"
CLAIM = "id: c1\n    actor: envoy-c\n    form: paraphrase\n    text: Envoy C spoke.\n    sourcing: on-record\n" \
        "    stance: neutral\n    topics: [truce]\n"
VARIANTS = {
    "clean": (VALID.format(extra="", claim=CLAIM), True),
    "empty optional headline": (VALID.format(extra="", claim=CLAIM).replace("outlet:", "headline:\n  outlet:"), True),
    "text that YAML reads as a number": (VALID.format(extra="", claim=CLAIM.replace("Envoy C spoke.", "1.10")), True),
    "empty required outlet": (VALID.format(extra="", claim=CLAIM).replace("outlet: Example", "outlet:"), False),
    "unknown stance": (VALID.format(extra="", claim=CLAIM.replace("neutral", "neutrall")), False),
    "unknown field": (VALID.format(extra="", claim=CLAIM + "    mood: grim\n"), False),
    "ftp url": (VALID.format(extra="", claim=CLAIM).replace("outlet:", "url: ftp://example.org/x\n  outlet:"), False),
    "upper-case scheme": (VALID.format(extra="", claim=CLAIM).replace("outlet:", "url: HTTPS://example.org/x\n  outlet:"),
                          True),
    "mixed-case scheme": (VALID.format(extra="", claim=CLAIM).replace("outlet:", "url: Http://example.org/x\n  outlet:"),
                          True),
    "scheme only in part": (VALID.format(extra="", claim=CLAIM).replace("outlet:", "url: HTTPX://example.org/x\n  outlet:"),
                            False),
    "short date": (VALID.format(extra="", claim=CLAIM).replace("2030-01-11", "2030-1-11"), False),
    "no topics": (VALID.format(extra="", claim=CLAIM.replace("[truce]", "[]")), False),
    "bad claim id": (VALID.format(extra="", claim=CLAIM.replace("id: c1", "id: C_1")), False),
    "bad position": (VALID.format(extra="", claim=CLAIM + "    positions:\n      truce: wants\n"), False),
    "source text with a folder": (VALID.format(extra="", claim=CLAIM).replace(
        "outlet:", "source_text: ../x.txt\n  outlet:"), False),
    "no claims": ("article:\n  outlet: Example\n  published: 2030-01-11\nclaims: []\n", False),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_schema_and_parley_check_agree(name, tmp_path):
    text, valid = VARIANTS[name]
    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURES / "corpus", briefings)
    path = briefings / "articles" / "2030" / "01" / "2030-01-11-variant.yaml"
    path.write_text(text, encoding="utf-8")
    problems = [p for p in check(briefings).problems if p.path.endswith("2030-01-11-variant.yaml")]
    schema_errors = list(_validator("article").iter_errors(_read(path)))
    assert (not problems, not schema_errors) == (valid, valid), (problems, [e.message for e in schema_errors])
