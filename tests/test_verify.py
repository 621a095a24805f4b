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


def test_changed_quote_is_reported_at_the_claim_text(project):
    edit(project, "We are close,", "We are very close,")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (f"{ARTICLE}:9:11: quoted words not found verbatim in {SOURCE}: "
                             f"'We are very close,'{NOT_FOUND}\n")
    assert verified(result) == (3, 4)


def test_pieces_split_by_elision_are_found_separately(project):
    # Joined without ` […] ` the words are not in the source: the article interrupts the speaker.
    edit(project, "We are close, […] A truce", "We are close, A truce")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.stdout == (f"{ARTICLE}:9:11: quoted words not found verbatim in {SOURCE}: "
                             f"'We are close, A truce is within reach.'{NOT_FOUND}\n")
    assert verified(result) == (2, 3)


def test_changed_fragment_of_a_partial_quote_is_reported(project):
    edit(project, "“not serious”", "“not sincere”")
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (f"{ARTICLE}:16:11: quoted words not found verbatim in {SOURCE}: "
                             f"'not sincere'{NOT_FOUND}\n")
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


def test_without_sources_quotes_are_not_checked(project):
    edit(project, "We are close,", "We are very close,")
    result = parley("check", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert "quotes verified" not in result.stderr


def test_leading_elision_is_not_counted_as_a_quote(project):
    edit(project, "We are close, […] A truce", "[…] A truce")
    assert verified(parley("check", "--sources", "sources", cwd=project)) == (3, 3)


def test_shipped_corpus_quotes_are_all_verified():
    """The real briefings/ against the archived article texts in ../shared/corpus (beside the clone in CI)."""
    sources = REPO.parent / "shared" / "corpus"
    if not sources.is_dir():
        pytest.fail(f"the archived article texts are missing: expected them in {sources}")
    result = parley("check", "--sources", str(sources), cwd=REPO)
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
    # Reported where the analyst typed the report's text.
    assert result.stdout.startswith(f"{ARTICLE}:24:11: quoted words not found verbatim in {SOURCE}")
    assert verified(result) == (4, 5)
