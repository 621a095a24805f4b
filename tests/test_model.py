"""Model stage: validated records become frozen, cross-linked objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.pipeline import read_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(CORPUS)


def test_references_are_resolved_to_objects(corpus):
    article = corpus.article("2030-01-10-talks-open")
    envoy = article.claims[0]
    assert envoy.actor.name == "Envoy C"
    assert envoy.actor.side.name == "Broker State"
    assert [t.label for t in envoy.topics] == ["Truce"]
    rejects = article.claims[2]
    assert [(t.id, p) for t, p in rejects.positions] == [("captives", "rejects")]


def test_local_actors_belong_to_their_article(corpus):
    article = corpus.article("2030-01-10-talks-open")
    official = article.claims[1].actor
    assert official.article == "2030-01-10-talks-open"
    assert official.key == "2030-01-10-talks-open--official-x"
    assert corpus.actor("official-x") is None  # not in the registry


def test_an_undated_remark_counts_as_said_on_or_before_publication(corpus):
    claims = corpus.article("2030-01-10-talks-open").claims
    # Without said_on the day is not known: the publication day is only the latest it can be.
    assert (claims[0].said_on, claims[0].said_on_precision) == (dt.date(2030, 1, 10), "before-publication")
    assert not claims[0].date_exact
    assert (claims[2].said_on, claims[2].said_on_precision) == (dt.date(2030, 1, 9), "exact")


def test_defaults_and_optional_fields(corpus):
    article = corpus.article("2030-01-12-no-headline")
    assert article.headline is None and article.url is None
    assert article.published_precision == "inferred"
    assert article.language == "en" and article.completeness == "full"


def test_text_is_kept_as_written(corpus):
    claim = corpus.article("2030-01-12-no-headline").claims[0]
    assert claim.text == "Yes, no, 1.10 — *not emphasis* <script>alert(1)</script>"


def test_articles_sorted_by_date_and_model_is_frozen(corpus):
    assert [a.published for a in corpus.articles] == sorted(a.published for a in corpus.articles)
    with pytest.raises(dataclasses.FrozenInstanceError):
        corpus.articles[0].outlet = "changed"  # type: ignore[misc]


def test_caveats_attach_to_claims(corpus):
    article = corpus.article("2030-01-10-talks-open")
    assert [c.kind for c in article.caveats_for("north-demands")] == ["unnamed-sources"]
    assert article.caveats_for("envoy-hopeful") == ()
