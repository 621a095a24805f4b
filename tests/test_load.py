"""Stage 1, load: bytes → positioned plain data (`parse`), and which files count (`discover`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.load import Limits, Mapping, Scalar, Sequence, discover, load, load_file, parse


def parsed(text: str | bytes):
    root, problems = parse(text.encode("utf-8") if isinstance(text, str) else text, "f.yaml")
    assert problems == []
    return root


def messages(text: str | bytes, limits: Limits = Limits()) -> list[str]:
    root, problems = parse(text.encode("utf-8") if isinstance(text, str) else text, "f.yaml", limits)
    return [str(p) for p in problems]


def test_marks_are_1_based_line_and_column():
    root = parsed("a: 1\nb:\n  c: [x, {d: y}]\n")
    assert isinstance(root, Mapping) and (root.line, root.column) == (1, 1)
    key_a, value_a = root.items["a"]
    assert (key_a.line, key_a.column, value_a.line, value_a.column) == (1, 1, 1, 4)
    b = root.items["b"][1]
    assert isinstance(b, Mapping) and (b.line, b.column) == (3, 3)
    key_c, c = b.items["c"]
    assert (key_c.line, key_c.column) == (3, 3)
    assert isinstance(c, Sequence) and (c.line, c.column) == (3, 6)
    x, d = c.items
    assert (x.value, x.line, x.column) == ("x", 3, 7)
    assert isinstance(d, Mapping) and (d.line, d.column) == (3, 10)
    assert d.items["d"][1].column == 14


def test_every_scalar_stays_the_text_written():
    root = parsed("a: 1.10\nb: no\nc: 2025-01-31\nd: ~\ne: 0x1f\nf: yes\n")
    assert {k: v.value for k, (_, v) in root.items.items()} == {
        "a": "1.10", "b": "no", "c": "2025-01-31", "d": "~", "e": "0x1f", "f": "yes"}
    assert all(isinstance(v, Scalar) for _, v in root.items.values())


def test_plain_and_quoted_scalars_are_told_apart():
    root = parsed("a: true\nb: \"true\"\nc: 'x'\nd: |\n  block\ne: >\n  folded\nf: ~\n")
    plain = {k: v.plain for k, (_, v) in root.items.items()}
    assert plain == {"a": True, "b": False, "c": False, "d": False, "e": False, "f": True}
    assert root.items["d"][1].value == "block\n"


def test_key_order_is_kept():
    assert list(parsed("z: 1\na: 2\nm: 3\n").items) == ["z", "a", "m"]


def test_utf8_byte_order_mark_is_stripped():
    root = parsed(b"\xef\xbb\xbfoutlet: The Example Times\n")
    key, value = root.items["outlet"]
    assert (key.line, key.column, value.value) == (1, 1, "The Example Times")


@pytest.mark.parametrize("data", [b"\xff\xfea\x00:\x00", b"\xfe\xff\x00a\x00:"], ids=["le", "be"])
def test_utf16_is_refused(data):
    assert messages(data) == ["f.yaml:1:1: file is encoded as UTF-16; expected UTF-8"]


def test_invalid_utf8_position_is_of_the_bad_byte():
    assert messages(b"a: 1\nb: caf\xe9\n") == ["f.yaml:2:7: invalid UTF-8 byte 0xe9; expected a file saved as UTF-8"]


def test_nul_position():
    assert messages("a: 1\nbb: x\0y\n") == ["f.yaml:2:6: NUL character in file; expected text without control characters"]


def test_merge_key_is_refused_but_a_quoted_one_is_a_plain_key():
    assert messages("base: {a: 1}\nb:\n  <<: {a: 1}\n  c: 2\n") == [
        "f.yaml:3:3: YAML merge key '<<' is not allowed; expected every field written out in full"]
    assert list(parsed("'<<': x\n").items) == ["<<"]


def test_duplicate_keys_are_reported_with_the_first_line():
    assert messages("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\na: 4\n") == [
        "f.yaml:5:3: duplicate key 'c' (first at line 3); expected each key once per mapping",
        "f.yaml:6:1: duplicate key 'a' (first at line 1); expected each key once per mapping",
    ]


def test_duplicate_keys_keep_the_first_value():
    root, _ = parse(b"a: 1\na: 2\n", "f.yaml")
    assert root.items["a"][1].value == "1"


def test_a_key_must_be_a_scalar():
    assert messages("? [a]\n: b\n") == ["f.yaml:1:3: a key must be a plain name; expected a field name"]


@pytest.mark.parametrize("text, expected", [
    ("a: &x 1\nb: *x\n", ["f.yaml:1:4: YAML anchor '&x' is not allowed; expected plain values written out in full "
                          "(no anchors, aliases or tags)",
                          "f.yaml:2:4: YAML alias '*x' is not allowed; expected plain values written out in full "
                          "(no anchors, aliases or tags)"]),
    ("a: !!str 1\n", ["f.yaml:1:4: YAML tag '!!str' is not allowed; expected plain values written out in full "
                      "(no anchors, aliases or tags)"]),
    ("a: !!python/object/apply:os.system [ls]\n",
     ["f.yaml:1:4: YAML tag '!!python/object/apply:os.system' is not allowed; expected plain values written out "
      "in full (no anchors, aliases or tags)"]),
])
def test_anchors_aliases_and_tags_are_refused(text, expected):
    assert messages(text) == expected


@pytest.mark.parametrize("text, column", [("a: !<tag:yaml.org,2002:str> x\n", 4), ("article: ! x\n", 10)],
                         ids=["verbatim-tag", "non-specific-tag"])
def test_every_tag_form_is_refused_without_crashing(text, column):
    root, problems = parse(text.encode(), "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(1, column, "yaml-feature")]
    assert "is not allowed" in problems[0].message


def test_anchor_like_characters_in_text_are_fine():
    root = parsed("a: 'R&D *and* !this'\nb: fish & chips\nc: 5 * 3!\n")
    assert root.items["b"][1].value == "fish & chips"


def test_flow_nesting_limit_is_checked_before_parsing():
    assert messages("[" * 100_000) == [
        "f.yaml:1:65: brackets nested more than 64 deep; expected at most 64 levels of [ and {"]
    assert messages("a: [[[[x]]]]\n", Limits(max_flow_depth=3)) == [
        "f.yaml:1:7: brackets nested more than 3 deep; expected at most 3 levels of [ and {"]
    assert messages("a: " + "[" * 64 + "]" * 64 + "\n") == []


def test_block_nesting_limit():
    text = "".join("  " * i + f"k{i}:\n" for i in range(5)) + "  " * 5 + "v\n"
    assert messages(text, Limits(max_block_depth=3)) == [
        "f.yaml:5:9: values nested more than 3 deep; expected at most 3 levels"]
    assert messages(text, Limits(max_block_depth=5)) == []


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    assert messages(text) == ["f.yaml:1:1: file is empty; expected a mapping of fields"]


def test_more_than_one_document():
    assert messages("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: YAML syntax error: file holds more than one YAML document; "
        "expected one document, without '---' separators"]


def test_syntax_error_is_positioned_and_never_raises():
    assert messages("a: 1\n b: 2\n") == [
        "f.yaml:2:3: YAML syntax error: mapping values are not allowed here; expected 'b' at column 1, like 'a' "
        "on line 1 (indented further, it reads as more of the value of 'a'); remove 1 space before 'b'"]
    # Without a slip it knows, the message says what libyaml says and asks for valid YAML.
    assert messages("Notes from the talks.\nThe envoy said: things move.\n") == [
        "f.yaml:2:15: YAML syntax error: mapping values are not allowed here; "
        "expected valid YAML (check indentation, quotes and colons)"]


def test_file_size_limit(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors: []\n" * 100)
    doc = load_file(path, "actors.yaml", Limits(max_file_bytes=1000))
    assert doc.root is None
    assert [(p.line, p.column, p.message, p.expected) for p in doc.problems] == [
        (0, 0, "file is 1,100 bytes, over the limit of 1,000", "a smaller file (split the article)")]


def test_missing_briefings_directory(tmp_path):
    docs = load(tmp_path / "nowhere")
    assert [p.message for p in docs.problems] == ["briefings directory not found"]


# --- discover -----------------------------------------------------------------

@pytest.fixture
def briefings(tmp_path) -> Path:
    root = tmp_path / "briefings"
    (root / "articles/2030/01").mkdir(parents=True)
    for name in ("sides.yaml", "topics.yaml", "actors.yaml", "articles/2030/01/2030-01-10-a.yaml"):
        (root / name).write_text("x: 1\n")
    return root


def test_discover_finds_yaml_files_sorted_and_ignores_other_files(briefings):
    (briefings / "README.md").write_text("notes")
    (briefings / "articles/2030/01/notes.txt").write_text("notes")
    found, problems = discover(briefings)
    assert [p.relative_to(briefings).as_posix() for p in found] == [
        "actors.yaml", "sides.yaml", "topics.yaml", "articles/2030/01/2030-01-10-a.yaml"]
    assert problems == []


def test_discover_refuses_yml(briefings):
    (briefings / "articles/2030/01/2030-01-11-b.yml").write_text("x: 1\n")
    found, problems = discover(briefings)
    assert all(p.suffix == ".yaml" for p in found)
    assert [(p.path.endswith("articles/2030/01/2030-01-11-b.yml"), p.message, p.expected) for p in problems] == [
        (True, "file name ends in .yml", "the extension .yaml")]


def test_discover_refuses_a_symlink_pointing_outside(briefings, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("x: 1\n")
    link = briefings / "articles/2030/01/2030-01-11-link.yaml"
    link.symlink_to(outside)
    found, problems = discover(briefings)
    assert link not in found
    assert [(p.path.endswith("2030-01-11-link.yaml"), p.line, p.column, p.message) for p in problems] == [
        (True, 0, 0, "symbolic link points outside the briefings directory")]


def test_discover_accepts_a_symlink_inside(briefings):
    link = briefings / "articles/2030/01/2030-01-11-link.yaml"
    link.symlink_to(briefings / "articles/2030/01/2030-01-10-a.yaml")
    found, problems = discover(briefings)
    assert link in found and problems == []


def test_discover_reports_a_symlinked_directory_pointing_outside(briefings, tmp_path):
    (tmp_path / "elsewhere/01").mkdir(parents=True)
    (tmp_path / "elsewhere/01/2031-01-10-a.yaml").write_text("x: 1\n")
    os.symlink(tmp_path / "elsewhere", briefings / "articles/2031")
    found, problems = discover(briefings)
    assert [p.message for p in problems] == ["symbolic link points outside the briefings directory"]


def test_deep_block_nesting_is_refused_before_libyaml_sees_it():
    """libyaml's composer recurses per level: 100,000 nested '- ' crash the interpreter (SIGSEGV)
    unless the pre-scan refuses the line first."""
    value, problems = parse(("- " * 100_000 + "x\n").encode(), "deep.yaml")
    assert value is None
    assert [str(p) for p in problems] == [
        "deep.yaml:1:201: line starts with more than 200 columns of indentation and '- ' markers; "
        "expected nesting that fits in 200 columns"]


# --- hints for the slips of hand editing (generator/syntax_hints.py) ---------------------------

HINTS = [
    # (what the analyst wrote, line:col of the problem, what the message goes on to say)
    ("claims:\n  - id: a\n    note: said this: that\n", "3:20",
     "expected the value of 'note' in quotes, as it holds \": \" (YAML reads a new key there); "
     "write: note: \"said this: that\""),
    ("article:\n  headline: Talks: day \"two\" # comment\n", "2:18",
     "write: headline: \"Talks: day \\\"two\\\"\""),
    ("claims:\n  - id: a\n    text: x\n   via: y\n", "4:4", "expected 'via' at column 5, like 'text' on line 3; "
     "add 1 space before 'via'"),
    ("claims:\n  - id: a\n    text: x\n\n    # a comment\n via: y\n", "6:2",
     "expected 'via' at column 5, like 'text' on line 3; add 3 spaces before 'via'"),
    ("article:\n  outlet: X\n   published: 2030\n", "3:13",
     "expected 'published' at column 3, like 'outlet' on line 2 (indented further, it reads as more of the "
     "value of 'outlet'); remove 1 space before 'published'"),
    ("claims:\n  - id: a\n    positions:\n   captives: demands\n", "4:4",
     "expected 'captives' further in than 'positions' on line 3, as it belongs under it (e.g. at column 7); "
     "add 3 spaces before 'captives'"),
    ("claims:\n  - id: a\n    text: x\n - id: b\n", "4:2",
     "expected the '- ' at column 3, like the item on line 2; add 1 space before '- '"),
    ("claims:\n  - id: a\n    text: x\n   - id: b\n", "4:4",
     "expected the '- ' at column 3, like the item on line 2; remove 1 space before '- '"),
    ("article:\n  outlet:X\n  url: y\n", "3:6",
     "expected a space after the colon of 'outlet' on line 2; write: outlet: X"),
    ("claims:\n  - id: a\n    topics: [a, b\n    via: y\n", "4:8",
     "expected a ']' closing the list opened at line 3, column 13"),
    ("article:\r\n  outlet: X\r\n   published: 2030\r\n", "3:13", "remove 1 space before 'published'"),
]


@pytest.mark.parametrize("text, where, hint", HINTS, ids=range(len(HINTS)))
def test_a_slip_of_hand_editing_gets_its_hint_at_its_position(text, where, hint):
    (message,) = messages(text)
    assert message.startswith(f"f.yaml:{where}: YAML syntax error: ")
    assert message.endswith(hint)


def test_a_list_item_without_its_dash_is_read_as_the_item_it_was_meant_to_be():
    text = "items:\n  - id: a\n    name: A\n    id: b\n    name: B\n    id: c\n    name: C\n  - id: d\n"
    root, problems = parse(text.encode(), "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(4, 5, "missing-dash"), (6, 5, "missing-dash")]
    items = root.items["items"][1].items
    assert [(m.line, {k: v.value for k, (_, v) in m.items.items()}) for m in items] == [
        (2, {"id": "a", "name": "A"}), (4, {"id": "b", "name": "B"}), (6, {"id": "c", "name": "C"}), (8, {"id": "d"})]


def test_a_repeated_key_that_does_not_start_an_item_stays_a_duplicate():
    # Not the item's first key, or not a list item at all: nothing suggests a missing "- ".
    for text in ("items:\n  - id: a\n    name: A\n    name: B\n", "a:\n  id: x\n  id: y\n"):
        (problem,) = parse(text.encode(), "f.yaml")[1]
        assert problem.code == "duplicate-key" and problem.message.startswith("duplicate key")
