"""Validation errors: one bad input per problem kind, each with its exact positioned message.

Every case copies the fictional corpus of tests/fixtures/corpus/ and adds one bad
file (from tests/errors/, or built from errors/valid.yaml when the bad part is an
invisible character or raw bytes), then checks that `check` reports exactly the
expected problems: `line:col: message; expected …` in the bad file, nothing else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import check

TESTS = Path(__file__).resolve().parent
ERRORS = TESTS / "errors"
BAD = "articles/2030/01/2030-01-11-bad.yaml"
"""Where a case's file goes unless it says otherwise (a free date in the fixture corpus)."""


def data(name: str) -> str:
    return (ERRORS / name).read_text(encoding="utf-8")


VALID = data("valid.yaml")


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A copy of the clean fixture corpus at ./briefings, so messages show `briefings/…` paths."""
    shutil.copytree(TESTS / "fixtures" / "corpus", tmp_path / "briefings")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "briefings"


def problems_for(corpus: Path, content: str | bytes, relpath: str = BAD) -> list[str]:
    """Write one file into the corpus and return its problems as `line:col: message; expected …`."""
    path = corpus / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    shown = f"briefings/{relpath}"
    problems = check("briefings").problems
    assert {p.path for p in problems} <= {shown}, "problems reported outside the bad file"
    return [str(p)[len(shown) + 1:] for p in problems]


def test_fixture_corpus_and_valid_case_are_clean(corpus):
    assert check("briefings").problems == []
    assert problems_for(corpus, VALID) == []
    assert problems_for(corpus, data("local-actor.yaml")) == []


# (data file in tests/errors/, expected problems in it)
CASES = [
    # Reported where the quote opens, not at the end of the file where libyaml gives up.
    ("syntax-unclosed-quote.yaml", [
        "2:11: YAML syntax error: found unexpected end of stream while scanning a quoted scalar (the quote "
        "opened here is never closed); expected a closing \" at the end of this value"]),
    ("syntax-bad-indentation.yaml", [
        "3:13: YAML syntax error: mapping values are not allowed here; expected 'published' at column 3, like "
        "'outlet' on line 2 (indented further, it reads as more of the value of 'outlet'); "
        "remove 1 space before 'published'"]),
    # The slips of hand editing: libyaml's words, then what the line should be and how to get there.
    ("syntax-colon-in-value.yaml", [
        "12:29: YAML syntax error: mapping values are not allowed here; expected the value of 'note' in quotes, "
        "as it holds \": \" (YAML reads a new key there); "
        "write: note: \"said on the record: the envoy repeated it twice\""]),
    ("syntax-dedented-line.yaml", [
        "9:4: YAML syntax error: did not find expected '-' indicator while parsing a block collection (started at "
        "line 5, column 3); expected 'via' at column 5, like 'text' on line 8; add 1 space before 'via'"]),
    ("syntax-text-after-quote.yaml", [
        "8:27: YAML syntax error: did not find expected key while parsing a block mapping (started at line 5, "
        "column 5); expected nothing after the closing quote of the value of 'text'; to keep the quote marks in "
        "the text, put the whole value in single quotes: text: '\"We are close,\" he said.'"]),
    # One problem where the "- " is missing; the item is read as the claim it was meant to be,
    # so its keys are not each a duplicate and the caveat still finds it.
    ("claim-without-dash.yaml", [
        "12:5: duplicate key 'id' (first at line 5): line 12 starts a new list item without its '- '; "
        "expected '- id: no-truce', with the '- ' at column 3 like the item on line 5"]),
    ("syntax-tab-indentation.yaml", [
        "3:1: YAML syntax error: tab character used for indentation; expected spaces for indentation"]),
    ("prose.yaml", [
        "2:15: YAML syntax error: mapping values are not allowed here; "
        "expected valid YAML (check indentation, quotes and colons)"]),
    ("type-list-for-mapping.yaml", [
        "2:3: article is a list; expected a mapping with fields headline, subheadline, outlet, "
        "republished_by, original_published, byline, url, published, published_precision, date_note, language, "
        "completeness, source_text"]),
    ("type-mapping-for-text.yaml", ["8:11: text is a mapping; expected text"]),
    ("type-text-for-list.yaml", ["11:13: topics is the value 'truce'; expected a list of topic ids"]),
    ("missing-field.yaml", [
        "5:5: missing required field 'sourcing' in claim 1 ('truce-close'); expected sourcing: how the claim is sourced"]),
    ("unknown-field.yaml", [
        # `stance` really is missing here: only `stnce` is written.
        "5:5: missing required field 'stance' in claim 1 ('truce-close'); expected stance: the claim's outlook on a deal",
        "10:5: unknown field 'stnce' in claim 1 ('truce-close') (did you mean 'stance'?); expected one of: id, actor, "
        "described_as, attribution, attribution_note, also_attributed_to, form, text, wording, said_on, "
        "said_on_precision, venue, via, sourcing, stance, topics, positions, about, event, note"]),
    ("vocabulary.yaml", [
        "10:13: unknown stance 'optimistc' (did you mean 'optimistic'?); "
        "expected one of: optimistic, cautious, pessimistic, neutral"]),
    ("vocabulary-yes.yaml", ["4:17: unknown completeness 'yes'; expected one of: full, partial"]),
    # A list where one code belongs: an explanation, never an internal error.
    ("language-as-list.yaml", ["4:13: language is a list; expected a language code such as en, ar, he"]),
    ("date-format.yaml", ["10:14: said_on '2030-1-5' is not a date; expected YYYY-MM-DD, e.g. 2025-06-24"]),
    ("date-impossible.yaml", [
        "10:14: said_on '2030-02-30' is not a real calendar date; expected a date that exists, YYYY-MM-DD"]),
    ("said-on-after-published.yaml", [
        "10:14: said_on 2030-01-12 is after the article's publication (2030-01-11); "
        "expected a date on or before published"]),
    ("url-javascript.yaml", [
        "3:8: url 'javascript:alert(1)' does not start with http:// or https://; "
        "expected an absolute http:// or https:// address"]),
    ("url-ftp.yaml", [
        "3:8: url 'ftp://example.org/talks' does not start with http:// or https://; "
        "expected an absolute http:// or https:// address"]),
    ("url-leading-space.yaml", [
        "3:8: url ' https://example.org/talks' contains spaces or control characters; "
        "expected an absolute http:// or https:// address"]),
    ("url-credentials.yaml", [
        "3:8: url 'https://analyst:secret@example.org/talks' contains a user name or password; "
        "expected an absolute http:// or https:// address"]),
    ("unknown-actor.yaml", [
        "6:12: unknown actor 'envoy-d' (did you mean 'envoy-c'?); expected an id from actors.yaml or this file's actors; "
        "to add it: parley new actor --id envoy-d --name NAME --kind person|organisation|unnamed-source"]),
    ("unknown-topic.yaml", [
        "11:21: unknown topic 'captive' (did you mean 'captives'?); expected an id from topics.yaml; "
        "to add it: parley new topic --id captive --label LABEL --description DESCRIPTION"]),
    ("unknown-position-topic.yaml", [
        "13:7: unknown topic 'truse' (did you mean 'truce'?); expected an id from topics.yaml; "
        "to add it: parley new topic --id truse --label LABEL --description DESCRIPTION"]),
    ("unknown-side.yaml", [
        "8:11: unknown side 'sout' (did you mean 'south'?); expected an id from sides.yaml; "
        "to add it: parley new side --id sout --name NAME --role party|mediator|other"]),
    ("local-actor-shadows-registry.yaml", [
        "5:9: local actor id 'envoy-c' reuses an id from actors.yaml; "
        "expected a new id, or remove the local actor and use the registry's"]),
    ("duplicate-claim-id.yaml", [
        "12:9: duplicate claim id 'truce-close' (first at line 5); expected each id once per file, among claims and reports"]),
    ("duplicate-key-top-level.yaml", [
        "12:1: duplicate key 'article' (first at line 1); expected each key once per mapping"]),
    ("duplicate-key-nested.yaml", [
        "11:5: duplicate key 'stance' (first at line 10); expected each key once per mapping"]),
    ("anchor-alias.yaml", [
        "2:11: YAML anchor '&outlet' is not allowed; "
        "expected plain values written out in full (no anchors, aliases or tags)",
        "3:11: YAML alias '*outlet' is not allowed; "
        "expected plain values written out in full (no anchors, aliases or tags)"]),
    ("tag.yaml", [
        "2:11: YAML tag '!!python/object:os.system' is not allowed; "
        "expected plain values written out in full (no anchors, aliases or tags)"]),
    ("multiple-documents.yaml", [
        "12:1: YAML syntax error: file holds more than one YAML document; "
        "expected one document, without '---' separators"]),
    ("quote-empty.yaml", ["8:11: quote is empty; expected the speaker's verbatim words"]),
    ("partial-quote-without-quotes.yaml", [
        "8:11: partial-quote has no words inside “…”; "
        "expected the speaker's own words inside “ and ” (or use form: paraphrase)"]),
    ("caveat-unknown-claim.yaml", [
        "15:14: unknown claim 'truce-closed' (did you mean 'truce-close'?); expected an id from this file's claims and reports"]),
    # Records that say what is uncertain (dates, attribution, outlet reports, events, positions).
    ("attribution-disputed-without-note.yaml", [
        "7:18: attribution is 'disputed' but there is no attribution_note; "
        "expected attribution_note: what in the source makes it unclear or disputed"]),
    ("also-attributed-to-own-actor.yaml", [
        "9:40: also_attributed_to names the claim's own actor 'envoy-c'; expected the other actors the words are given to",
        "9:49: unknown actor 'envoy-d' (did you mean 'envoy-c'?); expected an id from actors.yaml or this file's actors; "
        "to add it: parley new actor --id envoy-d --name NAME --kind person|organisation|unnamed-source"]),
    ("also-attributed-to-as-reported.yaml", [
        "7:25: also_attributed_to is set but attribution is as-reported; "
        "expected attribution: unclear or disputed (or move the text to note)"]),
    ("event-without-sides.yaml", [
        "13:7: missing required field 'sides' in event; expected sides: the sides that take part in it or take the "
        "step: side ids",
        "13:13: unknown type 'talks-hold' (did you mean 'talks-held'?); expected one of: talks-held, talks-paused, "
        "delegation-sent, delegation-withheld, delegation-recalled, proposal-made, response-given, agreement-reached, "
        "agreement-implemented, agreement-broken, deadline-set, mediator-visit, summit-held, escalation"]),
    ("position-of-a-mediator.yaml", [
        "13:14: actor 'envoy-c' is on side 'broker', a mediator, which cannot hold the position 'demands'; "
        "expected for a mediator: offers"]),
    ("position-without-side.yaml", [
        "17:7: positions need a side, and actor 'a-source' has none (the source does not say whose side it speaks "
        "for); expected about: the side whose position this is, or no positions",
        "20:12: unknown actor or side 'nort' (did you mean 'north'?); "
        "expected an id from actors.yaml, this file's actors or sides.yaml"]),
    ("said-on-precision.yaml", [
        "8:24: said_on_precision is 'before-publication' but said_on gives a day; "
        "expected leave said_on out (the day is not known), or said_on_precision: exact or inferred",
        "16:24: said_on_precision is 'inferred' but there is no note; expected note: how the date was worked out",
        "16:24: said_on_precision is 'inferred' but there is no said_on; "
        "expected said_on: YYYY-MM-DD (or leave said_on_precision out if the source gives no day)"]),
    ("wording-on-paraphrase.yaml", [
        "7:14: wording is set on a paraphrase; "
        "expected wording only on a quote or a partial-quote (a paraphrase is your own words)"]),
    ("report-problems.yaml", [
        "4:23: original_published 2030-01-12 is after published (2030-01-11); "
        "expected the original's date, on or before the republication's",
        "15:9: duplicate report id 'truce-close' (first at line 7); expected each id once per file, among claims and "
        "reports",
        "16:12: unknown actor or side 'southland' (did you mean 'south'?); "
        "expected an id from actors.yaml, this file's actors or sides.yaml",
        "18:11: partial-quote has no words inside “…”; "
        "expected the outlet's own words inside “ and ” (or use form: paraphrase)",
        "26:11: date 2030-01-12 is after the article's publication (2030-01-11); expected a date on or before published",
        "30:22: unknown side 'noth' (did you mean 'north'?); expected an id from sides.yaml; "
        "to add it: parley new side --id noth --name NAME --role party|mediator|other"]),
    ("inferred-without-date-note.yaml", [
        "4:24: published_precision is 'inferred' but there is no date_note; "
        "expected date_note: how the date was worked out"]),
]


@pytest.mark.parametrize("name, expected", CASES, ids=[c[0].removesuffix(".yaml") for c in CASES])
def test_bad_file(corpus, name, expected):
    assert problems_for(corpus, data(name)) == expected


# Cases whose bad part is invisible or not text: built from errors/valid.yaml here.
BYTES_CASES = [
    ("invalid-utf8-byte", VALID.encode().replace(b"Example Times", b"Ex\xffample Times"),
     ["2:17: invalid UTF-8 byte 0xff; expected a file saved as UTF-8"]),
    ("utf16-with-bom", VALID.encode("utf-16"), ["1:1: file is encoded as UTF-16; expected UTF-8"]),
    ("utf16-be-with-bom", b"\xfe\xff" + VALID.encode("utf-16-be"), ["1:1: file is encoded as UTF-16; expected UTF-8"]),
    ("nul-byte", VALID.replace("truce was", "truce\0was"),
     ["8:31: NUL character in file; expected text without control characters"]),
    ("empty-file", "", ["1:1: file is empty; expected a mapping of fields"]),
    ("only-a-comment", "# to do\n", ["1:1: file is empty; expected a mapping of fields"]),
    ("list-at-top-level", "- article: {}\n- claims: []\n",
     ["1:1: the article file is a list; expected a mapping with fields article, actors, claims, reported, caveats"]),
    ("text-at-top-level", "Talks resumed today.\n",
     ["1:1: the article file is the value 'Talks resumed today.'; "
      "expected a mapping with fields article, actors, claims, reported, caveats"]),
    ("brackets-100000-deep", "[" * 100_000, ["1:65: brackets nested more than 64 deep; expected at most 64 levels of [ and {"]),
    ("braces-deep-in-a-value", "article: " + "{a: " * 100_000,
     ["1:266: brackets nested more than 64 deep; expected at most 64 levels of [ and {"]),
    ("rlo-in-actor-name", data("local-actor.yaml").replace("name: An official", "name: An \u202eofficial"),
     ["6:11: name contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); expected visible text only"]),
    ("zero-width-space-in-id", VALID.replace("id: truce-close", "id: truce\u200b-close"),
     ["5:9: id 'truce\\u200b-close' is not a valid id; "
      "expected lowercase letters, digits and single hyphens, e.g. `majed-al-ansari`"]),
    ("zero-width-space-in-ref", VALID.replace("actor: envoy-c", "actor: envoy-c\u200b"),
     ["6:12: actor 'envoy-c\\u200b' is not a valid id; "
      "expected lowercase letters, digits and single hyphens, e.g. `majed-al-ansari`"]),
    ("empty-quoted-text", VALID.replace("text: Envoy C said a truce was close.", 'text: ""'),
     ["8:11: text is empty; expected some text"]),
    ("null-required-text", VALID.replace("text: Envoy C said a truce was close.", "text: ~"),
     ["8:11: text has no value; expected text"]),
    ("source-text-with-directory", VALID.replace("  published:", "  source_text: ../secret.txt\n  published:"),
     ["3:16: source_text '../secret.txt' is not a plain file name; "
      "expected a file name without directories, e.g. 2025-06-24_outlet_slug.txt"]),
    ("merge-key", VALID.replace("  outlet: The", "  <<: {byline: X}\n  outlet: The"),
     ["2:3: YAML merge key '<<' is not allowed; expected every field written out in full"]),
]


@pytest.mark.parametrize("name, content, expected", BYTES_CASES, ids=[c[0] for c in BYTES_CASES])
def test_bad_content(corpus, name, content, expected):
    assert problems_for(corpus, content) == expected


@pytest.mark.parametrize("relpath, expected", [
    ("articles/2030/01/notes.yaml", "0:0: file is not where a briefings file can be; expected sides.yaml, topics.yaml, "
     "actors.yaml, articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml"),
    ("articles/2030/01/2030-01-11-Bad.yaml", "0:0: file is not where a briefings file can be; expected sides.yaml, "
     "topics.yaml, actors.yaml, articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml"),
    ("2030-01-11-bad.yaml", "0:0: file is not where a briefings file can be; expected sides.yaml, topics.yaml, "
     "actors.yaml, articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml"),
    ("articles/2030/01/2030-01-11-bad.yml", "0:0: file name ends in .yml; expected the extension .yaml"),
    ("articles/2030/01/2030-01-12-bad.yaml", "3:14: published 2030-01-11 differs from the date in the file name "
     "(2030-01-12); expected the file named 2030-01-12-… to be published on 2030-01-12, or the file renamed"),
    ("articles/2030/02/2030-01-11-bad.yaml", "0:0: file is in folder 2030/02 but named for 2030-01-11; "
     "expected articles/2030/01/2030-01-11-…"),
], ids=["not-an-article-name", "uppercase-slug", "article-at-top-level", "yml-extension", "name-date-differs",
        "folder-month-differs"])
def test_file_in_the_wrong_place(corpus, relpath, expected):
    assert problems_for(corpus, VALID, relpath) == [expected]


def test_yaml_1_1_values_stay_the_text_written(corpus):
    """`no`, `1.10` and a date-like headline are text fields' values, not booleans, floats or dates."""
    content = (VALID.replace("  outlet: The", "  headline: 2025-01-31\n  outlet: The")
               .replace("text: Envoy C said a truce was close.", "text: no")
               .replace("    sourcing:", "    via: 1.10\n    venue: on\n    said_on: 2030-01-10\n    sourcing:"))
    assert problems_for(corpus, content) == []
    record = check("briefings").records[BAD]
    assert record["article"]["headline"] == "2025-01-31"
    claim = record["claims"][0]
    assert (claim["text"], claim["via"], claim["venue"]) == ("no", "1.10", "on")
    assert str(claim["said_on"]) == "2030-01-10" and not isinstance(claim["said_on"], str)


def test_yes_in_a_required_choice_field_is_an_error(corpus):
    content = VALID.replace("stance: optimistic", "stance: yes")
    assert problems_for(corpus, content) == [
        "10:13: unknown stance 'yes'; expected one of: optimistic, cautious, pessimistic, neutral"]


def test_block_nesting_limit(corpus):
    deep = "article:\n" + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(70)) + " " * 142 + "v\n"
    assert "66:131: values nested more than 64 deep; expected at most 64 levels" in problems_for(corpus, deep)


def test_registry_problem_is_reported_in_the_registry(corpus):
    actors = corpus / "actors.yaml"
    actors.write_text(actors.read_text().replace("side: south", "side: sout"))
    lines = [str(p) for p in check("briefings").problems]
    assert lines == ["briefings/actors.yaml:10:11: unknown side 'sout' (did you mean 'south'?); "
                     "expected an id from sides.yaml; to add it: parley new side --id sout --name NAME "
                     "--role party|mediator|other"]


MISSING_SIDES = ("briefings/sides.yaml:0:0: registry sides.yaml is missing; "
                 "expected a file sides.yaml with a list 'sides'")


def test_missing_registry_is_reported(corpus):
    (corpus / "sides.yaml").unlink()
    assert MISSING_SIDES in [str(p) for p in check("briefings").problems]


def test_missing_registry_is_reported_once(corpus):
    (corpus / "sides.yaml").unlink()
    assert [str(p) for p in check("briefings").problems] == [MISSING_SIDES]


def test_every_problem_of_every_file_sorted_by_path_then_line(corpus):
    for slug, name in [("c", "vocabulary-yes.yaml"), ("a", "anchor-alias.yaml"), ("b", "duplicate-key-nested.yaml")]:
        (corpus / f"articles/2030/01/2030-01-11-{slug}.yaml").write_text(data(name))
    actors = corpus / "actors.yaml"
    actors.write_text(actors.read_text().replace("side: south", "side: sout"))
    lines = [f"{p.path}:{p.line}:{p.column}" for p in check("briefings").problems]
    assert lines == [
        "briefings/actors.yaml:10:11",
        "briefings/articles/2030/01/2030-01-11-a.yaml:2:11",
        "briefings/articles/2030/01/2030-01-11-a.yaml:3:11",
        "briefings/articles/2030/01/2030-01-11-b.yaml:11:5",
        "briefings/articles/2030/01/2030-01-11-c.yaml:4:17",
    ]


@pytest.mark.parametrize("content", [
    data("vocabulary.yaml"),
    data("type-mapping-for-text.yaml"),
    data("type-list-for-mapping.yaml"),
    VALID.replace("published: 2030-01-11", "published: 2030-1-11"),
    VALID.replace("text: Envoy C said a truce was close.", 'text: ""'),
], ids=["bad-choice", "mapping-for-text", "list-for-record", "bad-date", "empty-text"])
def test_present_but_invalid_field_is_not_reported_missing(corpus, content):
    problems = problems_for(corpus, content)
    assert len(problems) == 1 and "missing required field" not in problems[0]


def test_invisible_character_in_a_field_name_is_shown(corpus):
    problems = problems_for(corpus, VALID.replace("stance: optimistic", "stance\u200b: optimistic"))
    unknown = [p for p in problems if "unknown field" in p]
    assert len(unknown) == 1 and "\\u200b" in unknown[0] and "\u200b" not in unknown[0]


# --- aliases: each spelling names one registry entry ---------------------------------------------

def test_aliases_that_would_point_two_ways_or_repeat_are_refused(corpus):
    actors = corpus / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "    side: north\n",
        "    side: north\n    aliases: [Délégation A, Delegation A, Spokesperson-B, North team, north team, al-]\n", 1),
        encoding="utf-8")
    topics = corpus / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "    label: Truce\n", "    label: Truce\n    aliases: [ceasefire, captives]\n"), encoding="utf-8")
    assert [str(p) for p in check("briefings").problems] == [
        "briefings/actors.yaml:6:29: alias 'Delegation A' is the actor's name itself; "
        "expected other spellings of the name only",
        "briefings/actors.yaml:6:43: alias 'Spokesperson-B' of actor 'delegation-a' is also the name "
        "'Spokesperson B' of actor 'spokesperson-b': a reader typing it could not be told which is meant; "
        "expected a spelling that names 'delegation-a' alone (or remove it)",
        "briefings/actors.yaml:6:71: alias 'north team' is written twice for actor 'delegation-a'; "
        "expected each spelling once",
        "briefings/topics.yaml:4:26: alias 'captives' of topic 'truce' is also the label 'Captives' of topic "
        "'captives': a reader typing it could not be told which is meant; expected a spelling that names "
        "'truce' alone (or remove it)",
    ]


def test_an_alias_is_text_of_bounded_length(corpus):
    sides = corpus / "sides.yaml"
    sides.write_text(sides.read_text(encoding="utf-8").replace(
        "    name: Northland\n", "    name: Northland\n    aliases:\n      - [Nordland]\n      - " + "N" * 201 + "\n"),
        encoding="utf-8")
    assert [str(p) for p in check("briefings").problems] == [
        "briefings/sides.yaml:6:9: item 1 of aliases is a list; expected text",
        "briefings/sides.yaml:7:9: item 2 of aliases is 201 characters long, over the limit of 200; "
        "expected at most 200 characters",
    ]


def test_spellings_that_differ_only_in_accents_case_or_the_article_are_kept(corpus):
    """The page lists them for readers, though search would fold them anyway."""
    actors = corpus / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "    name: Envoy C\n", "    name: Envoy C\n    aliases: [ENVOY C., Énvoy C, \"Envoy ‘C’\"]\n"), encoding="utf-8")
    assert check("briefings").problems == []
