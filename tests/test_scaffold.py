"""`parley new`: article skeletons from the schema table, and registry entries appended without
rewriting the rest of the file."""

from __future__ import annotations

import json

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import parse
from generator.pipeline import check, read_corpus
from generator.scaffold import ScaffoldError, add_entry, insert_entry, new_article, yaml_scalar
from generator.schema import RECORDS

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "corpus"
NEW = "briefings/articles/2030/02/2030-02-03-truce-holds.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "briefings")
    return tmp_path


def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PARLEY_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def problems_in(briefings: Path, name: str) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in check(briefings).problems if p.path.endswith(name)]


# --- new article -----------------------------------------------------------------------------

def test_article_skeleton_starts_with_the_modeline_to_the_schema(project):
    made = new_article(project / "briefings", outlet="The Example Times", date="2030-02-03", slug="truce-holds",
                       schema_dir=project / "schema")
    assert made.path == project / NEW
    first = made.text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../schema/article.schema.json"
    target = (made.path.parent / first.split("=", 1)[1]).resolve()
    assert target == (project / "schema" / "article.schema.json").resolve()


def test_article_skeleton_explains_every_field_with_the_tables_help(project):
    text = new_article(project / "briefings", outlet="X", date="2030-02-03", slug="s").text
    # A commented-out block's comments start "# # ": both marks go.
    comments = " ".join(re.sub(r"^(?:#\s*)+", "", line.strip()) for line in text.splitlines()
                        if line.lstrip().startswith("#"))
    for record in ("article", "claim", "caveat", "actor"):
        for field in RECORDS[record]:
            assert field.help in comments, (record, field.name)
    assert "quote | partial-quote | paraphrase" in comments


def test_placeholders_are_reported_by_check_until_filled(project):
    made = new_article(project / "briefings", outlet="The Example Times: Weekend", date="2030-02-03",
                       slug="truce-holds")
    made.path.parent.mkdir(parents=True)
    made.path.write_text(made.text, encoding="utf-8")
    messages = [m.split(": ", 1)[1] for m in problems_in(project / "briefings", "truce-holds.yaml")]
    assert messages == [
        "id has no value", "actor has no value", "form has no value", "text has no value",
        "sourcing has no value", "stance has no value", "topics has no value"]

    filled = made.text
    for key, value in (("id", "truce-holds"), ("actor", "envoy-c"), ("form", "paraphrase"),
                       ("text", "Envoy C said the truce held."), ("sourcing", "on-record"),
                       ("stance", "optimistic"), ("topics", "[truce]")):
        filled, count = re.subn(rf"(?m)^(    {key}:)$", rf"\1 {value}", filled, count=1)
        assert count == 1, key
    made.path.write_text(filled, encoding="utf-8")
    assert problems_in(project / "briefings", "truce-holds.yaml") == []
    article = check(project / "briefings").records["articles/2030/02/2030-02-03-truce-holds.yaml"]["article"]
    assert article["outlet"] == "The Example Times: Weekend"
    assert "headline" not in article  # an empty optional field counts as left out
    assert (article["published_precision"], article["language"], article["completeness"]) == ("exact", "en", "full")
    assert "  published_precision: exact\n" in filled  # defaults are written out, to change if need be
    read_corpus(project / "briefings")  # and the model builds from it


def test_uncommented_optional_blocks_are_valid_yaml_to_fill(project):
    """Toggling comments on the commented `caveats:` block gives a caveat entry to fill in."""
    text = new_article(project / "briefings", outlet="X", date="2030-02-03", slug="s").text
    start = text.index("# caveats:")
    block = [line[2:] if line.startswith("# ") else line for line in text[start:].splitlines()]
    root, problems = parse("\n".join(block).encode(), "block")
    assert problems == [] and list(root.items) == ["caveats"]
    assert list(root.items["caveats"][1].items[0].items) == ["kind", "text", "claims"]


@pytest.mark.parametrize("args, message", [
    (["--date", "2030-02-30"], "--date '2030-02-30' is not a real calendar date"),
    (["--date", "3/2/2030"], "--date '3/2/2030' is not a date; expected YYYY-MM-DD, e.g. 2025-06-24"),
    (["--slug", "Truce_Holds"], "--slug 'Truce_Holds' is not a valid slug; expected lowercase letters, digits "
                                "and single hyphens, e.g. `majed-al-ansari`"),
    (["--outlet", " "], "--outlet is empty; expected the outlet's name"),
])
def test_new_article_refuses_bad_values_with_exit_2(project, args, message):
    values = {"--outlet": "X", "--date": "2030-02-03", "--slug": "truce-holds"}
    values.update(dict(zip(args[::2], args[1::2])))
    result = parley("new", "article", *[x for kv in values.items() for x in kv], cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"parley: error: {message}\n")
    assert not (project / "briefings/articles/2030/02").exists()


def test_new_article_cli_writes_then_refuses_to_overwrite(project):
    shutil.copytree(REPO / "schema", project / "schema")
    result = parley("new", "article", "--outlet", "X", "--date", "2030-02-03", "--slug", "truce-holds", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == NEW + "\n"
    assert result.stderr == f"parley: next: edit the file, then run parley check {NEW}\n"
    written = (project / NEW).read_bytes()
    assert written.startswith(b"# yaml-language-server: $schema=../../../../schema/article.schema.json\n")

    again = parley("new", "article", "--outlet", "Y", "--date", "2030-02-03", "--slug", "truce-holds", cwd=project)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "nothing was written" in again.stderr
    assert (project / NEW).read_bytes() == written


# --- registry entries ---------------------------------------------------------------------------

def test_actor_is_appended_and_every_original_byte_kept(project):
    path = project / "briefings/actors.yaml"
    original = path.read_bytes()
    result = parley("new", "actor", "--id", "mediator-d", "--name", "Mediator D", "--kind", "person",
                    "--side", "broker", "--role", "Broker State envoy: second channel", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "briefings/actors.yaml\n"
    new = path.read_bytes()
    assert new.startswith(original)
    assert new[len(original):] == (b"  - id: mediator-d\n    name: Mediator D\n    kind: person\n"
                                   b"    role: \"Broker State envoy: second channel\"\n    side: broker\n")
    assert parley("check", cwd=project).returncode == 0
    actors = check(project / "briefings").records["actors.yaml"]["actors"]
    assert {k: v for k, v in actors[-1].items() if not k.startswith("_")} == {
        "id": "mediator-d", "name": "Mediator D", "kind": "person",
        "role": "Broker State envoy: second channel", "side": "broker"}


def test_topic_is_appended(project):
    path = project / "briefings/topics.yaml"
    original = path.read_bytes()
    made = add_entry(project / "briefings", "topics.yaml",
                     {"id": "aid", "label": "Aid", "description": "Aid convoys — trucks, crossings."})
    assert made.path == path and made.text.encode() == original + (
        "  - id: aid\n    label: Aid\n    description: Aid convoys — trucks, crossings.\n").encode()
    path.write_text(made.text, encoding="utf-8")
    assert problems_in(project / "briefings", "topics.yaml") == []


def test_an_actor_with_aliases_is_appended_from_repeated_options(project):
    path = project / "briefings/actors.yaml"
    original = path.read_bytes()
    result = parley("new", "actor", "--id", "envoy-d", "--name", "Envoy D", "--kind", "person",
                    "--aliases", "Envoy Dé", "--aliases", 'Ambassador "D"', cwd=project)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == original + (
        '  - id: envoy-d\n    name: Envoy D\n    kind: person\n    aliases: ["Envoy Dé", "Ambassador \\"D\\""]\n'
    ).encode()
    assert problems_in(project / "briefings", "actors.yaml") == []
    clash = parley("new", "actor", "--id", "envoy-e", "--name", "Envoy E", "--kind", "person",
                   "--aliases", "Envoy-C", cwd=project)
    assert clash.returncode == 2 and "--aliases: alias 'Envoy-C' of actor 'envoy-e' is also the name 'Envoy C'" \
        in clash.stderr


def test_comments_after_the_list_and_crlf_line_endings_stay(project):
    text = ("# Topics.\r\ntopics:\r\n  - id: truce   # the first\r\n    label: Truce\r\n"
            "    description: |\r\n      A pause.\r\n\r\n    # about truce\r\n\r\n# the end\r\n")
    new, line = insert_entry(text, "topics", [("id", "aid"), ("label", "Aid"), ("description", "Aid.")])
    head = "# Topics.\r\ntopics:\r\n  - id: truce   # the first\r\n    label: Truce\r\n" \
           "    description: |\r\n      A pause.\r\n\r\n    # about truce\r\n"
    assert new == head + "  - id: aid\r\n    label: Aid\r\n    description: Aid.\r\n" + "\r\n# the end\r\n"
    assert line == 9


def test_file_without_final_newline_and_other_indentation():
    text = "actors:\n- id: a\n  name: A\n  kind: person"
    new, _ = insert_entry(text, "actors", [("id", "b"), ("name", "B"), ("kind", "organisation")])
    assert new == text + "\n- id: b\n  name: B\n  kind: organisation\n"


@pytest.mark.parametrize("values, message", [
    ({"id": "Mediator D", "name": "M", "kind": "person"},
     "--id 'Mediator D' is not a valid id; expected lowercase letters, digits and single hyphens, e.g. `majed-al-ansari`"),
    ({"id": "m", "name": "M", "kind": "persn"},
     "--kind 'persn' is not a kind (did you mean 'person'?); expected one of: person, organisation, unnamed-source"),
    ({"id": "m", "name": "M", "kind": "person", "side": "brokr"},
     "--side 'brokr' is not a side in sides.yaml (did you mean 'broker'?); expected one of: north, south, broker"),
    ({"id": "m", "name": "M\u200b", "kind": "person"},
     "--name: name contains the invisible character U+200B (ZERO WIDTH SPACE); expected visible text only"),
    ({"id": "m", "kind": "person"}, "--name is required (name as readers know it, or a description for unnamed sources)"),
])
def test_bad_values_are_usage_errors(project, values, message):
    with pytest.raises(ScaffoldError) as raised:
        add_entry(project / "briefings", "actors.yaml", values)
    assert raised.value.usage and raised.value.messages == [message]


def test_duplicate_and_colliding_ids_are_refused_and_nothing_written(project):
    path = project / "briefings/actors.yaml"
    original = path.read_bytes()
    result = parley("new", "actor", "--id", "envoy-c", "--name", "Envoy C", "--kind", "person", cwd=project)
    assert result.returncode == 1
    assert result.stderr == ("parley: actor id 'envoy-c' is already in briefings/actors.yaml (line 11)\n"
                             "parley: nothing was written\n")
    # official-x is an unnamed source declared inside an article: a registry actor may not reuse it.
    result = parley("new", "actor", "--id", "official-x", "--name", "X", "--kind", "person", cwd=project)
    assert result.returncode == 1
    assert ("briefings/articles/2030/01/2030-01-10-talks-open.yaml:9:9: local actor id 'official-x' reuses "
            "an id from actors.yaml") in result.stderr
    assert path.read_bytes() == original


def test_flow_style_list_is_refused(project):
    (project / "briefings/topics.yaml").write_text(
        "topics: [{id: truce, label: Truce, description: A pause.}, {id: captives, label: Captives, "
        "description: C.}, {id: border, label: Border, description: B.}]\n")
    with pytest.raises(ScaffoldError, match="flow style"):
        add_entry(project / "briefings", "topics.yaml", {"id": "aid", "label": "Aid", "description": "Aid."})


def test_side_can_be_added_too(project):
    result = parley("new", "side", "--id", "observers", "--name", "Observers", "--role", "other", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "briefings/sides.yaml").read_text().endswith("  - id: observers\n    name: Observers\n"
                                                                   "    role: other\n")
    assert parley("check", cwd=project).returncode == 0


@pytest.mark.parametrize("value, written", [
    ("Mediator D", "Mediator D"), ("2030-01-10", "2030-01-10"), ("yes", '"yes"'), ("1.10", '"1.10"'),
    ("null", '"null"'), ("a: b", '"a: b"'), ("# x", '"# x"'), ("- x", '"- x"'), (" x", '" x"'),
    ("“quoted”", "“quoted”"), ('say "hi"', 'say "hi"'), ("a #b", '"a #b"'), ("x\ny", '"x\\ny"'),
])
def test_scalars_read_back_as_written(value, written):
    assert yaml_scalar(value) == written
    root, problems = parse(f"k: {written}\n".encode(), "t")
    assert problems == [] and root.items["k"][1].value == value


def test_a_registry_that_does_not_read_is_not_touched(project):
    path = project / "briefings/topics.yaml"
    path.write_text("topics:\n  - id: truce\n\tlabel: Truce\n")
    original = path.read_bytes()
    result = parley("new", "topic", "--id", "aid", "--label", "Aid", "--description", "Aid.", cwd=project)
    assert result.returncode == 1
    assert result.stderr == ("parley: briefings/topics.yaml cannot be added to until it reads as a list 'topics' "
                             "with at least one entry; run: parley check briefings/topics.yaml\n"
                             "parley: nothing was written\n")
    assert path.read_bytes() == original


# --- editors: the modeline of a new file, the workspace settings ---------------------------------


@pytest.mark.parametrize("kind, relpath", [("article", "articles/2030/02/2030-02-03-x.yaml"),
                                           ("day", "days/2030-02-03.yaml"), ("actors", "actors.yaml")])
def test_a_modeline_points_at_its_kinds_schema_from_wherever_the_file_is(tmp_path, kind, relpath, monkeypatch):
    from generator.scaffold import modeline

    monkeypatch.chdir(tmp_path)  # a relative schema folder is the project's, not the file's
    path = tmp_path / "briefings" / relpath
    line = modeline(kind, path, "schema")
    assert line.startswith("# yaml-language-server: $schema=")
    assert (path.parent / line.split("=", 1)[1]).resolve() == (tmp_path / "schema" / f"{kind}.schema.json")


def test_the_shipped_editor_settings_are_the_generated_ones():
    from generator.scaffold import EDITOR_FILES, editor_settings

    generated = editor_settings()
    assert set(generated) == set(EDITOR_FILES)
    for name, text in generated.items():
        assert (REPO / name).read_text(encoding="utf-8") == text, f"{name} is out of date"
    # The guide shows the same mapping, for a repository that has not got the file.
    editing = (REPO / "generator" / "manual" / "editing.md").read_text(encoding="utf-8")
    snippet = re.search(r"```json\n(.*?)```", editing, re.S)[1]
    assert json.loads(snippet)["yaml.schemas"] == json.loads(generated[".vscode/settings.json"])["yaml.schemas"]


def test_editor_settings_connect_every_briefings_file_to_the_schema_of_its_kind():
    """Each settings glob, as VS Code matches it, takes exactly the files `parley check` reads as
    that kind (shipped corpus and fixtures), and names a schema that is shipped."""
    from generator.load import kind_of
    from generator.export_schema import FILE_KINDS

    schemas = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for folder in (REPO / "briefings", REPO / "tests" / "fixtures" / "corpus", REPO / "tests" / "fixtures" / "multiday"):
        files = {p for p in folder.rglob("*.yaml")}
        for schema, glob in schemas.items():
            assert (REPO / schema).is_file(), schema
            kind = Path(schema).name.removesuffix(".schema.json")
            matched = set(folder.glob(glob.removeprefix("briefings/")))
            expected = {p for p in files if kind_of(p.relative_to(folder).as_posix()) == FILE_KINDS[kind][0]}
            assert matched == expected, (folder, glob)


def test_new_article_says_when_its_schema_is_not_there_yet(project):
    result = parley("new", "article", "--outlet", "X", "--date", "2030-02-03", "--slug", "no-schema",
                    "--schema", "nowhere", cwd=project)
    assert result.returncode == 0
    assert "points editors at nowhere/article.schema.json, which is not there yet: run parley schema --out nowhere" \
        in result.stderr
