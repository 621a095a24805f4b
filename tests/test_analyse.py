"""Analyse stage: days, grouping by side then actor, counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.analyse import analyse
from generator.pipeline import read_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def briefings():
    return analyse(read_corpus(CORPUS))


def test_one_day_per_publication_date(briefings):
    assert [d.date for d in briefings.days] == [dt.date(2030, 1, 10), dt.date(2030, 1, 12), dt.date(2030, 1, 13)]
    assert briefings.latest.date == dt.date(2030, 1, 13)
    first, second, third = briefings.days
    assert first.previous is None and first.next == second.date
    assert second.previous == first.date and second.next == third.date and third.next is None


def test_sides_ordered_parties_then_mediators(briefings):
    day = briefings.day(dt.date(2030, 1, 10))
    assert [g.side.id for g in day.sides] == ["north", "south", "broker"]
    assert [a.actor.name for a in day.sides[0].actors] == ["An official familiar with the talks"]
    assert day.sides[0].claim_count == 1


def test_counts(briefings):
    day = briefings.day(dt.date(2030, 1, 10))
    assert day.claim_count == 3
    assert day.stance_counts == (("optimistic", 1), ("cautious", 1), ("pessimistic", 1))
    assert [(level, n) for level, n in day.sourcing.counts if n] == [("on-record", 2), ("unnamed-source", 1)]
    assert (day.sourcing.speakers, day.sourcing.unnamed_speakers) == (3, 1)  # voices, not outlets
    assert day.outlets == ("The Example Times",)
    assert [(a.key, c.kind) for a, c in day.caveats] == [("2030-01-10-talks-open", "unnamed-sources")]


def test_actor_without_side_is_grouped_last(tmp_path):
    import shutil

    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    actors = corpus / "actors.yaml"
    actors.write_text(actors.read_text().replace("    side: broker\n", ""), encoding="utf-8")
    day = analyse(read_corpus(corpus)).day(dt.date(2030, 1, 10))
    assert [g.side.id if g.side else None for g in day.sides] == ["north", "south", None]
