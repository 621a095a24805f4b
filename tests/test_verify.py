"""`parley check --sources DIR`: every quote must occur verbatim in the archived article text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ARTICLE = "briefings/articles/2030/01/2030-01-11-truce.yaml"
SOURCE = "2030-01-11_example-times_truce.txt"
# The article's words with other spacing and line breaks than the YAML: only whitespace may differ.
SOURCE_TEXT = """\
"We are  close," Envoy C told reporters on
Monday. "A truce is
within reach."

Spokesperson B called the demand "not serious" and
a stunt.
"""
NOT_FOUND = "; expected the speaker's words exactly as the source prints them"


@pytest.fixture
def project(tmp_path) -> Path:
    """The fixture registries, one article with quotes (tests/errors/quoted-article.yaml), its source text."""
    shutil.copytree(TESTS / "fixtures" / "corpus", tmp_path / "briefings")
    shutil.rmtree(tmp_path / "briefings" / "articles")
    article = tmp_path / ARTICLE
    article.parent.mkdir(parents=True)
    shutil.copyfile(TESTS / "errors" / "quoted-article.yaml", article)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / SOURCE).write_text(SOURCE_TEXT, encoding="utf-8")
    return tmp_path


def edit(project: Path, old: str, new: str) -> None:
    path = project / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def verified(result: subprocess.CompletedProcess) -> tuple[int, int]:
    m = re.search(r"; quotes verified: (\d+) of (\d+) ", result.stderr)
    assert m, f"no quote summary in {result.stderr!r}"
    return int(m[1]), int(m[2])


def test_quotes_found_verbatim_after_whitespace_normalisation(project):
    result = parley("check", "--sources", "sources", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert verified(result) == (4, 4)  # two pieces of the quote, two fragments of the partial quote


def test_changed_quote_is_reported_where_it_parts_from_the_source(project):
    edit(project, "We are close,", "We are very close,")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    # Line 9 is `    text: "We are very close, […] …"`: column 19 is the "v" of "very".
    assert result.stdout == (f"{ARTICLE}:9:19: quoted words differ from {SOURCE} after 'We are': the quote has "
                             f"'very close,' where the source has 'close,\" Envoy C told reporters…'{NOT_FOUND}\n")
    assert verified(result) == (3, 4)


def test_a_quote_whose_first_word_differs_shows_its_longest_part_in_the_source(project):
    edit(project, "We are close,", "They are close,")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.stdout == (f"{ARTICLE}:9:12: quoted words not found verbatim in {SOURCE}: 'They are close,'; "
                             f"the longest part of them in the source is 'are close,'{NOT_FOUND}\n")


def test_the_parting_word_is_found_in_a_folded_multi_line_value(project):
    # A plain value over three lines: the position is on the third, after two spaces.
    edit(project, '    text: "We are close, […] A truce is within reach."\n',
         "    text: We are close,\n      […] A truce is\n      within  sight.\n")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.stdout == (f"{ARTICLE}:11:15: quoted words differ from {SOURCE} after 'A truce is within': the "
                             f"quote has 'sight.' where the source has 'reach.\" Spokesperson B called "
                             f"the…'{NOT_FOUND}\n")


def test_escapes_in_a_double_quoted_value_are_followed_to_the_parting_word(project):
    edit(project, '"We are close, […] A truce is within reach."', '"We are \\u201cclose,\\u201d […] A truce"')
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.stdout.startswith(f"{ARTICLE}:9:19: quoted words differ from {SOURCE} after 'We are': "
                                    "the quote has '“close,”' where")


def test_pieces_split_by_elision_are_found_separately(project):
    # Joined without ` […] ` the words are not in the source: the article interrupts the speaker.
    edit(project, "We are close, […] A truce", "We are close, A truce")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.stdout == (f"{ARTICLE}:9:26: quoted words differ from {SOURCE} after 'We are close,': the quote "
                             f"has 'A truce is within reach.' where the source has '\" Envoy C told "
                             f"reporters…'{NOT_FOUND}\n")
    assert verified(result) == (2, 3)


def test_changed_fragment_of_a_partial_quote_is_reported(project):
    edit(project, "“not serious”", "“not sincere”")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    # The fragment's parting word, inside the partial quote's text: "sincere" at column 49.
    assert result.stdout == (f"{ARTICLE}:16:49: quoted words differ from {SOURCE} after 'not': the quote has "
                             f"'sincere' where the source has 'serious\" and a stunt.'{NOT_FOUND}\n")
    assert verified(result) == (3, 4)


def test_only_the_fragments_of_a_partial_quote_are_checked(project):
    edit(project, "Spokesperson B called the demand", "The spokesperson dismissed the proposal as")
    result = parley("check", "--sources", "sources", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert verified(result) == (4, 4)


def test_missing_source_file(project):
    (project / "sources" / SOURCE).unlink()
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (f"{ARTICLE}:4:16: source text '{SOURCE}' not found in sources; "
                             "expected a readable UTF-8 file of that name in the sources directory\n")


def test_article_with_quotes_but_no_source_text(project):
    edit(project, f"  source_text: {SOURCE}\n", "")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (f"{ARTICLE}:2:3: quotes in 2 claim(s) or report(s) cannot be verified: no source_text; "
                             "expected article.source_text naming the archived article text\n")


def test_without_sources_quotes_are_not_checked_and_the_check_says_so(project):
    edit(project, "We are close,", "We are very close,")
    for args in ([], ["--no-cache"], [ARTICLE]):
        result = parley("check", *args, cwd=project)
        assert (result.returncode, result.stdout) == (0, "")
        assert "quotes verified" not in result.stderr
        assert result.stderr.splitlines()[-1] == (
            "parley: quotes not verified: 1 article(s) name a source_text, but no sources folder was given; "
            "give --sources DIR, or set `sources: DIR` under the parley plugin in mkdocs.yml")


def test_no_word_on_verification_when_no_article_names_a_source(project):
    edit(project, f"  source_text: {SOURCE}\n", "")
    result = parley("check", cwd=project)
    assert result.returncode == 0 and "verified" not in result.stderr


def write_config(project: Path, plugin_options: str) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: Example\nsite_url: !ENV [EXAMPLE_SITE_URL, 'https://example.org/']\nplugins:\n  - parley:\n"
        + plugin_options + "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")


def test_sources_set_once_in_mkdocs_yml_are_used_by_every_check(project):
    """`sources` under the parley plugin, relative to mkdocs.yml (MkDocs' own tags are no obstacle)."""
    write_config(project, "      briefings: briefings\n      sources: sources\n")
    edit(project, "We are close,", "We are very close,")
    elsewhere = project / "sub"
    elsewhere.mkdir()
    for args, cwd in (([], project), ([ARTICLE], project), (["-f", "../mkdocs.yml"], elsewhere)):
        result = parley("check", *args, cwd=cwd)
        assert result.returncode == 1, result.stderr
        assert ":9:19: quoted words differ from" in result.stdout
        assert verified(result) == (3, 4)
    # Another briefings folder is not mkdocs.yml's: its sources are not those.
    shutil.copytree(project / "briefings", project / "elsewhere")
    result = parley("check", "--briefings", "elsewhere", cwd=project)
    assert result.returncode == 0 and "quotes not verified: 1 article(s)" in result.stderr
    # Given on the command line, a folder replaces mkdocs.yml's.
    (project / "other").mkdir()
    (project / "other" / SOURCE).write_text("We are very close, A truce is within reach. not serious, a stunt")
    assert parley("check", "--sources", "other", cwd=project).returncode == 0


def test_a_sources_folder_set_in_mkdocs_yml_but_missing_is_not_an_error(project):
    """A clone without the archived texts (often not the site's to publish) still checks the rest."""
    write_config(project, "      sources: ../archive\n")
    result = parley("check", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == (
        "parley: quotes not verified: 1 article(s) name a source_text, but the sources folder ../archive set in "
        "mkdocs.yml is not there; give --sources DIR, or set `sources: DIR` under the parley plugin in mkdocs.yml")


def test_briefings_folder_from_mkdocs_yml_and_usage_errors(project):
    (project / "briefings").rename(project / "data")
    write_config(project, "      briefings: data\n")
    assert parley("check", cwd=project).returncode == 0
    result = parley("check", "-f", "missing.yml", cwd=project)
    assert (result.returncode, result.stderr) == (2, "parley: error: configuration file not found: missing.yml\n")
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n")
    assert parley("check", cwd=project).returncode == 2


def test_leading_elision_is_not_counted_as_a_quote(project):
    edit(project, "We are close, […] A truce", "[…] A truce")
    assert verified(parley("check", "--sources", "sources", cwd=project)) == (3, 3)


def test_shipped_corpus_quotes_are_all_verified():
    """The real briefings/ against the archived article texts in ../shared/corpus (beside the clone in CI),
    which mkdocs.yml names as the sources folder: a plain `parley check` verifies them."""
    sources = REPO.parent / "shared" / "corpus"
    if not sources.is_dir():
        pytest.fail(f"the archived article texts are missing: expected them in {sources}")
    result = parley("check", cwd=REPO)
    assert result.stdout == ""
    assert result.returncode == 0
    found, checked = verified(result)
    assert checked > 0 and found == checked


OUTLET_REPORT = """\
reported:
  - id: truce-within-reach
    about: broker
    form: partial-quote
    text: The outlet says a truce is “within reach”, in its own words.
    topics: [truce]
"""


def test_an_outlet_report_quoting_the_outlet_is_verified_like_a_quote(project):
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + OUTLET_REPORT, encoding="utf-8")
    result = parley("check", "--sources", "sources", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert verified(result) == (5, 5)  # the report's quoted words are checked too
    edit(project, "“within reach”", "“within a hair's breadth”")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    # Reported where the report's quoted words part from the source, in the text the analyst typed.
    assert result.stdout.startswith(f"{ARTICLE}:24:46: quoted words differ from {SOURCE} after 'within': "
                                    "the quote has 'a hair's breadth' where the source has 'reach.")
    assert verified(result) == (4, 5)


def test_mkdocs_yml_is_read_safely_a_python_tag_constructs_nothing(tmp_path):
    """The settings reader is PyYAML's safe loader: a tag that would call Python reads as no value,
    and the call never happens."""
    from generator.site_config import read_site_settings

    marker = tmp_path / "ran"
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Example\n"
        f"site_url: !!python/object/apply:os.system ['touch {marker}']\n"
        "plugins:\n  - parley:\n      briefings: briefings\n      locale: !!python/object/apply:os.getcwd []\n",
        encoding="utf-8")
    settings = read_site_settings(config, required=True)
    assert not marker.exists()
    assert settings.site_url is None and settings.locale is None
