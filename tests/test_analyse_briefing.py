"""Analyse stage over several briefing days: changes, flags, quote matching, sourcing and the
topic and side views, with exact expected results.

The fictional corpus is tests/fixtures/multiday/; each article file says at its top which
scenario it sets up. Seven briefings: 2, 3, 4, 6 and 9 March 2030, then an 11-day gap
(longer than the 7-day window), then 20 and 21 March. Every number below can be worked
out by hand from those files and docs/method.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.analyse import Briefings, analyse
from generator.model import Claim
from generator.pipeline import read_corpus

MULTIDAY = Path(__file__).parent / "fixtures" / "multiday"

D1, D2, D3, D4, D5, D6, D7 = (dt.date(2030, 3, d) for d in (2, 3, 4, 6, 9, 20, 21))


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(MULTIDAY)


@pytest.fixture(scope="module")
def briefings(corpus) -> Briefings:
    return analyse(corpus)


def claim(briefings: Briefings, article: str, claim_id: str) -> Claim:
    return next(c for c in briefings.corpus.article(article).claims if c.id == claim_id)


def ids(items) -> list[str]:
    return [x.id for x in items]


def topic_ids(stands) -> list[str]:
    return [s.topic.id for s in stands]


def stands_of(entry) -> list[tuple[str, str, str]]:
    return [(s.side.id, s.position, s.claim.id) for s in entry.stands]


def balances(day) -> dict:
    return {t.role: t.balance for t in day.tallies}


def view_of(briefings: Briefings, actor_id: str):
    return briefings.actor_view(briefings.corpus.actor(actor_id))


def test_days_follow_publication_dates_across_the_gap(briefings):
    assert [d.date for d in briefings.days] == [D1, D2, D3, D4, D5, D6, D7]
    assert [(d.previous, d.next) for d in briefings.days] == [
        (None, D2), (D1, D3), (D2, D4), (D3, D5), (D4, D6), (D5, D7), (D6, None)]
    assert [d.claim_count for d in briefings.days] == [3, 6, 6, 7, 4, 4, 3]
    assert briefings.latest.date == D7
    assert briefings.window_days == 7


# The trend, the state of the talks, the issue ledger and the process are tested rule by rule,
# on small corpora of their own, in tests/test_judgements.py.


# --- 4. stance shifts --------------------------------------------------------------------

def shift_rows(shifts) -> list[tuple[str, str, str, str]]:
    return [(s.actor.id, s.before.id, s.after.id, s.direction) for s in shifts]


def test_shifts_in_what_changed(briefings):
    # Day 6 is left out: see test_a_late_reported_old_remark_is_not_a_stance_move.
    assert {d.date: shift_rows(d.changes.shifts) for d in briefings.days if d.date != D6} == {
        D1: [],
        D2: [("delegation-a", "a-opening", "a-truce-accepted", "up")],
        D3: [("spokesperson-b", "sb-captives-daily", "sb-deadlock", "down"),
             ("envoy-c", "envoy-opening", "envoy-cautious", "down")],
        # Spokesperson B was pessimistic at a press conference and optimistic to Example Wire on
        # day 4, and Envoy C's radio interview is carried as cautious and as pessimistic: a day on
        # which an actor points different ways has no outlook, so it makes no shift (whatever
        # order the claims are in), and day 7 has nothing clear to compare Spokesperson B with.
        D4: [],
        D5: [("delegation-a", "a-upbeat", "a-captives-wait", "down")],
        D7: [],
    }


def test_same_stance_and_neutral_claims_are_not_shifts(briefings):
    # Delegation A: optimistic on days 2, 3 and 4 — no shift on 3 or 4.
    assert "delegation-a" not in [s.actor.id for s in briefings.day(D3).changes.shifts]
    assert "delegation-a" not in [s.actor.id for s in briefings.day(D4).changes.shifts]
    # Envoy C was neutral only on day 2: day 3 is compared with his optimism of day 1.
    assert [s.before.id for s in briefings.day(D3).changes.shifts if s.actor.id == "envoy-c"] == ["envoy-opening"]
    # Delegation A: cautious (day 5), neutral (day 6), cautious (day 7) — no shift on day 7.
    assert "delegation-a" not in [s.actor.id for s in briefings.day(D7).changes.shifts]


@pytest.mark.parametrize("actor_id, rows", [
    ("delegation-a", [("a-opening", "a-truce-accepted", "up"), ("a-upbeat", "a-captives-wait", "down")]),
    # 6 March points two ways (press conference and wire interview): no shift into or out of it.
    ("spokesperson-b", [("sb-captives-wire", "sb-deadlock", "down")]),
    # Days said: 2 Mar (two optimistic claims; the one reported on day 6 is the later), 3 Mar neutral
    # only, 6 Mar two ways (the radio interview as two outlets carry it).
    ("envoy-c", [("envoy-late", "envoy-cautious", "down")]),
    ("official-e", []),
])
def test_actor_view_shifts(briefings, actor_id, rows):
    assert [(s.before.id, s.after.id, s.direction) for s in view_of(briefings, actor_id).shifts] == rows


# --- 5. same-day contradictions ------------------------------------------------------------

def test_different_outlooks_to_different_outlets_the_same_day_are_flagged(briefings):
    [flag] = view_of(briefings, "spokesperson-b").contradictions
    assert (flag.date, flag.first.id, flag.second.id) == (D4, "sb-press-conference", "sb-wire-interview")
    assert (flag.first.stance, flag.second.stance) == ("pessimistic", "optimistic")


def test_one_interview_carried_by_two_articles_is_not_a_contradiction(briefings):
    # Envoy C to Example Radio on 6 March: cautious in one report, pessimistic in the other.
    radio = [c for c in view_of(briefings, "envoy-c").claims if c.said_on == D4]
    assert {(c.via, c.venue, c.stance) for c in radio} == {("Example Radio", "interview", "cautious"),
                                                           ("Example Radio", "interview", "pessimistic")}
    assert len({c.article for c in radio}) == 2
    assert view_of(briefings, "envoy-c").contradictions == ()


def test_a_hedge_inside_one_article_is_not_a_contradiction(briefings):
    # Spokesperson B on day 7 and Official E on day 6: two outlooks, one article, no venue.
    assert [f.date for f in view_of(briefings, "spokesperson-b").contradictions] == [D4]
    assert view_of(briefings, "official-e").contradictions == ()


def test_a_venue_one_record_leaves_out_is_not_a_different_venue():
    from types import SimpleNamespace as Said

    from generator.analyse.views import _apart

    conference = Said(via=None, article="x", venue="news conference")
    assert not _apart(conference, Said(via=None, article="x", venue=None))  # one article, one occasion
    assert _apart(conference, Said(via=None, article="x", venue="radio interview"))
    assert _apart(conference, Said(via=None, article="y", venue=None))  # another article
    assert _apart(Said(via="Example Radio", article="x", venue=None), Said(via=None, article="x", venue=None))


def test_first_and_last_heard_come_from_counted_claims_dated_most_precisely():
    import datetime as dt
    from types import SimpleNamespace as Said

    from generator.analyse.views import _heard

    day, later = dt.date(2030, 5, 1), dt.date(2030, 5, 2)
    opening = Said(on=day, precision="exact", counted=True)
    inferred = Said(on=later, precision="inferred", counted=True)
    exact = Said(on=later, precision="exact", counted=True)
    unclear = Said(on=dt.date(2030, 5, 3), precision="before-publication", counted=False)
    claims = [opening, inferred, exact, unclear]  # chronological order
    assert _heard(claims, first=True) is opening
    assert _heard(claims, first=False) is exact  # not the unclear attribution, not the inferred day
    assert _heard([unclear], first=False) is unclear  # only unclear ones: still heard


# --- 6. one quote reported by several outlets ------------------------------------------------

def test_same_quote_in_two_outlets_is_matched_both_ways(briefings):
    wire = claim(briefings, "2030-03-03-captives-rejected", "sb-captives-wire")
    daily = claim(briefings, "2030-03-03-truce-welcomed", "sb-captives-daily")
    assert wire.text != daily.text  # case, punctuation and spacing differ
    assert briefings.also_reported(wire) == (daily,)
    assert briefings.also_reported(daily) == (wire,)


def test_a_short_quote_is_not_matched(briefings):
    for key, cid in (("2030-03-03-captives-rejected", "envoy-continue-wire"),
                     ("2030-03-03-truce-welcomed", "envoy-continue-daily")):
        assert briefings.also_reported(claim(briefings, key, cid)) == ()
    assert [c.id for c in view_of(briefings, "envoy-c").claims].count("envoy-continue-daily") == 1


def test_actor_page_lists_a_reported_quote_once(briefings):
    view = view_of(briefings, "spokesperson-b")
    assert ids(view.claims) == ["sb-truce-line", "sb-funds-rejected", "sb-wire-interview", "sb-press-conference",
                                "sb-deadlock", "sb-captives-wire", "sb-border"]
    assert view.claim_count == 7
    assert [(c.date, c.stance, c.claim.id) for c in view.strip] == [
        (D1, "cautious", "sb-border"), (D2, "cautious", "sb-captives-wire"), (D3, "pessimistic", "sb-deadlock"),
        (D4, "pessimistic", "sb-press-conference"), (D4, "optimistic", "sb-wire-interview"),
        (D7, "pessimistic", "sb-funds-rejected"), (D7, "cautious", "sb-truce-line")]
    # The day's briefing still shows each article's report.
    south = next(g for g in briefings.day(D2).sides if g.side and g.side.id == "south")
    assert ids(south.actors[0].claims) == ["sb-captives-wire", "sb-captives-daily"]


def test_the_same_words_from_a_different_speaker_are_not_the_same_quote(briefings):
    assert set(briefings.echoes) == {("2030-03-03-captives-rejected", "sb-captives-wire"),
                                     ("2030-03-03-truce-welcomed", "sb-captives-daily")}
    assert briefings.also_reported(claim(briefings, "2030-03-21-funds-divide", "sb-truce-line")) == ()


def test_sides_view_counts_claims_as_the_actor_page_does(briefings):
    south = next(v for v in briefings.sides if v.side and v.side.id == "south")
    assert dict((a.id, n) for a, n in south.actors)["spokesperson-b"] == view_of(briefings, "spokesperson-b").claim_count


def test_a_late_reported_old_remark_is_not_a_stance_move(briefings):
    assert briefings.day(D6).changes.shifts == ()


# --- 7. missing voices ------------------------------------------------------------------------

def test_missing_voices_are_registry_actors_heard_at_the_previous_briefing(briefings):
    assert {d.date: ids(d.changes.missing_voices) for d in briefings.days} == {
        D1: [], D2: [], D3: [],
        D4: [],  # the local sources heard on day 3 are never listed
        D5: ["official-e", "spokesperson-b", "envoy-c"],
        D6: [],
        D7: ["official-e", "envoy-c"],
    }


def test_missing_sides_are_parties_and_mediators_heard_earlier_in_the_window(briefings):
    assert {d.date: ids(d.changes.missing_sides) for d in briefings.days} == {
        D1: [], D2: [], D3: [],
        D4: [],  # the Observer Group (role other) heard on day 3 is not listed
        D5: ["broker", "second-broker"],
        D6: [],  # nothing earlier is in the window after the gap
        D7: ["broker", "second-broker"],
    }


# --- 8. new actors and new topics -------------------------------------------------------------

def test_new_sides_voices_and_topics(briefings):
    # "Heard for the first time" says whether it means a side or a voice: a side is new once any
    # voice of it is first heard, whoever speaks for it later.
    assert {d.date: ids(d.changes.new_sides) for d in briefings.days} == {
        D1: ["north", "south", "broker"], D2: [], D3: ["observers"], D4: ["second-broker"], D5: [], D6: [], D7: []}
    assert {d.date: ([a.key for a in d.changes.new_voices], ids(d.changes.new_topics)) for d in briefings.days} == {
        D1: (["delegation-a", "spokesperson-b", "envoy-c"], ["truce", "captives", "border"]),
        D2: (["2030-03-03-truce-welcomed--north-official"], []),
        # The unattributed sentence of day 3 is no voice.
        D3: (["2030-03-04-border-offer--observer-team", "2030-03-04-mediators-wait--close-source"], []),
        D4: (["official-e", "2030-03-06-wire-interviews--south-negotiator"], ["monitors"]),
        D5: (["2030-03-09-captives-quiet--south-official", "2030-03-09-north-hopes--north-aide"], []),
        D6: ([], ["reconstruction"]),
        D7: ([], []),
    }


# --- 9. sourcing ---------------------------------------------------------------------------

@pytest.mark.parametrize("date, counts, shares, outlets, relays, warnings", [
    (D1, (2, 1, 0, 0), (67, 33, 0, 0), ("The Example Times",), (),
     ("Everything today rests on a single outlet, The Example Times.",)),
    (D2, (4, 1, 1, 0), (67, 17, 17, 0), ("Example Daily", "Example Wire"), ("Example Wire",), ()),
    (D3, (2, 2, 1, 1), (33, 33, 17, 17), ("Example Daily", "The Example Times"), (),
     ("1 claim today is not attributed to anyone.",)),
    (D4, (5, 1, 1, 0), (71, 14, 14, 0), ("Example Wire", "The Example Times"), ("Example Radio", "Example Wire"), ()),
    (D5, (0, 1, 3, 0), (0, 25, 75, 0), ("Example Daily", "The Example Times"), (),
     ("Most of today's claims (3 of 4) come from unnamed sources.",)),
    (D6, (3, 1, 0, 0), (75, 25, 0, 0), ("Example Wire",), (),
     ("Everything today rests on a single outlet, Example Wire.",)),
])
def test_sourcing(briefings, date, counts, shares, outlets, relays, warnings):
    sourcing = briefings.day(date).sourcing
    levels = ("on-record", "official-statement", "unnamed-source", "unattributed")
    assert sourcing.counts == tuple(zip(levels, counts))
    assert sourcing.total == sum(counts)
    assert tuple(sourcing.share(level) for level in levels) == shares
    assert sourcing.outlets == outlets
    assert sourcing.relays == relays
    assert sourcing.warnings == warnings


def test_day_caveats_come_with_their_article(briefings):
    assert [(a.key, c.kind) for a, c in briefings.day(D3).caveats] == [
        ("2030-03-04-mediators-wait", "attribution-unclear")]


# --- 10. topic, side and actor views ---------------------------------------------------------

def test_topic_positions_oldest_first(briefings):
    def rows(topic_id):
        view = next(v for v in briefings.topics if v.topic.id == topic_id)
        return [(p.date, p.side.id, p.actor.id, p.position, p.claim.id) for p in view.positions]

    assert rows("truce") == [
        (D2, "south", "spokesperson-b", "accepts", "sb-captives-wire"),
        (D2, "north", "delegation-a", "accepts", "a-truce-accepted"),
        # sb-captives-daily carries the same quote as sb-captives-wire: listed once. Positions of
        # one day are in the order of their ids, never in the order of the file.
        (D7, "north", "delegation-a", "demands", "a-truce-demand"),
        (D7, "south", "spokesperson-b", "accepts", "sb-truce-line"),
    ]
    assert rows("border") == [
        (D1, "north", "delegation-a", "rejects", "a-opening"),
        (D1, "south", "spokesperson-b", "demands", "sb-border"),
        (D3, "north", "delegation-a", "accepts", "a-border-accepts"),
    ]
    assert rows("reconstruction") == [
        (D6, "north", "delegation-a", "demands", "a-funds"),
        (D7, "south", "spokesperson-b", "rejects", "sb-funds-rejected"),
    ]


def test_topic_views_and_the_ledger_at_the_latest_briefing(briefings):
    ledger = briefings.latest.ledger
    assert [(v.topic.id, v.claim_count, ledger.row(v.topic.id).status if ledger.row(v.topic.id) else None)
            for v in briefings.topics] == [
        ("truce", 17, "converging"),  # Northland demands, Southland accepts; the quote carried by two outlets counts once
        ("captives", 5, "open"),  # Northland's demand of day 1 still stands against Southland's rejection
        ("border", 5, "converging"),
        ("monitors", 5, "one-sided"),  # the mediator only proposed; Southland rejects
        ("reconstruction", 2, "open"),
    ]
    reconstruction = ledger.row("reconstruction")
    assert [(s.side.id, s.positions, s.last.id) for s in reconstruction.stands] == [
        ("north", ("demands",), "a-funds"), ("south", ("rejects",), "sb-funds-rejected")]
    truce = briefings.topics[0]
    assert [(s.side.id, s.positions, s.last.id) for s in ledger.row("truce").stands] == [
        ("north", ("demands",), "a-truce-demand"), ("south", ("accepts",), "sb-truce-line")]
    assert [g.side.id if g.side else None for g in truce.by_side] == ["north", "south", "broker", "second-broker", None]


def test_side_views_registry_actors_first_then_local_ones(briefings):
    assert [(v.side.id if v.side else None, [(a.key, n) for a, n in v.actors]) for v in briefings.sides] == [
        ("north", [("delegation-a", 7), ("negotiator-d", 0), ("2030-03-03-truce-welcomed--north-official", 1),
                   ("2030-03-09-north-hopes--north-aide", 1)]),
        ("south", [("spokesperson-b", 7), ("2030-03-06-wire-interviews--south-negotiator", 1),
                   ("2030-03-09-captives-quiet--south-official", 2)]),
        ("broker", [("envoy-c", 7)]),
        ("second-broker", [("official-e", 3)]),
        ("observers", [("2030-03-04-border-offer--observer-team", 1)]),
        (None, [("2030-03-04-mediators-wait--close-source", 1), ("2030-03-04-mediators-wait--unattributed", 1)]),
    ]


def test_day_groups_parties_mediators_others_then_side_not_stated(briefings):
    assert [(g.side.id if g.side else None, [a.actor.key for a in g.actors]) for g in briefings.day(D3).sides] == [
        ("north", ["delegation-a"]),
        ("south", ["spokesperson-b"]),
        ("broker", ["envoy-c"]),
        ("observers", ["2030-03-04-border-offer--observer-team"]),
        (None, ["2030-03-04-mediators-wait--close-source", "2030-03-04-mediators-wait--unattributed"]),
    ]


def test_actor_views_by_name_only_for_actors_heard(briefings):
    # Negotiator D is in the registry but never speaks: no actor page.
    assert [(v.actor.id, v.claim_count, v.first_heard.on, v.last_heard.on) for v in briefings.actors] == [
        ("delegation-a", 7, D1, D7),
        ("envoy-c", 7, D1, D4),  # the remark reported on 20 March was said on 2 March
        ("official-e", 3, D4, D6),
        ("spokesperson-b", 7, D1, D7),
    ]
