"""Analyse stage over several briefing days: trend, state line, sticking points, changes,
flags, quote matching, sourcing and the topic and side views, with exact expected results.

The fictional corpus is tests/fixtures/multiday/; each article file says at its top which
scenario it sets up. Seven briefings: 2, 3, 4, 6 and 9 March 2030, then an 11-day gap
(longer than the 7-day window), then 20 and 21 March. Every number below can be worked
out by hand from those files and docs/method.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.analyse import Briefings, Trend, analyse
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


# --- 1. the trend ---------------------------------------------------------------------

def test_balances_per_group(briefings):
    assert [balances(d) for d in briefings.days] == [
        {"party": -0.5, "mediator": 1.0},
        {"party": 0.5, "mediator": None},  # Envoy C only neutral
        {"party": 0.0, "mediator": 0.0, "other": None, None: 0.0},
        {"party": 0.25, "mediator": -0.5},
        {"party": 0.25},
        {"party": None, "mediator": 2 / 3},  # Delegation A only neutral
        {"party": -1 / 3},
    ]


def test_first_briefing_has_no_trend(briefings):
    assert briefings.day(D1).trend == Trend(None, False, "first briefing: nothing to compare with")


def test_parties_up_mediators_not_compared_is_improved(briefings):
    assert briefings.day(D2).trend == Trend(
        "improved", False, "parties: balance -0.50 → +0.50 (up); mediators: not heard with an outlook on both days")


def test_parties_down_is_deteriorated(briefings):
    assert briefings.day(D3).trend == Trend(
        "deteriorated", False,
        "parties: balance +0.50 → +0.00 (down); mediators: not heard with an outlook on both days")


def test_one_group_up_one_down_is_mixed_and_the_threshold_counts_as_movement(briefings):
    # Parties rose by exactly 0.25: "at least 0.25" is a move.
    trend = briefings.day(D4).trend
    assert trend == Trend("mixed", False, "parties: balance +0.00 → +0.25 (up); mediators: balance +0.00 → -0.50 (down)")
    assert "+0.00 → +0.25" in trend.explanation


def test_compared_group_that_did_not_move_is_unchanged(briefings):
    assert briefings.day(D5).trend == Trend(
        "unchanged", False, "parties: balance +0.25 → +0.25 (flat); mediators: not heard with an outlook on both days")


def test_no_group_heard_with_an_outlook_on_both_days_gives_no_trend(briefings):
    assert briefings.day(D6).trend == Trend(
        None, False, "parties: not heard with an outlook on both days; "
        "mediators: not heard with an outlook on both days — no comparison possible")


def test_editor_trend_replaces_the_computed_one(briefings, corpus):
    assert briefings.day(D7).trend == Trend("improved", True, "set by the editor")
    # Without the editor's file, the same day has nothing to compare.
    computed = analyse(dataclasses.replace(corpus, day_notes=())).day(D7).trend
    assert computed == Trend(None, False, "parties: not heard with an outlook on both days; "
                             "mediators: not heard with an outlook on both days — no comparison possible")


def test_editor_status_alone_leaves_state_and_trend_generated(briefings):
    day = briefings.day(D3)
    assert day.notes.status == "stalled" and day.notes.state is None and day.notes.trend is None
    assert day.state_by_editor is False and day.trend.by_editor is False
    assert day.trend.value == "deteriorated"


# --- 2. the state line --------------------------------------------------------------------

@pytest.mark.parametrize("date, line", [
    (D1, "Parties: 0 optimistic, 1 cautious, 1 pessimistic · Mediators: 1 optimistic, 0 cautious, 0 pessimistic"
         " · 3 sources"),
    (D2, "Parties: 2 optimistic, 2 cautious, 0 pessimistic · Mediators: 0 optimistic, 0 cautious, 0 pessimistic,"
         " 2 neutral · 4 sources, 1 of them unnamed"),
    (D3, "Parties: 1 optimistic, 0 cautious, 1 pessimistic · Mediators: 0 optimistic, 1 cautious, 0 pessimistic"
         " · Others: 0 optimistic, 0 cautious, 0 pessimistic, 1 neutral"
         " · Side not stated: 0 optimistic, 1 cautious, 0 pessimistic, 1 neutral · 6 sources, 2 of them unnamed"),
    (D4, "Parties: 2 optimistic, 1 cautious, 1 pessimistic · Mediators: 0 optimistic, 1 cautious, 1 pessimistic,"
         " 1 neutral · 5 sources, 1 of them unnamed"),
    (D5, "Parties: 1 optimistic, 3 cautious, 0 pessimistic · 3 sources, 2 of them unnamed"),
    (D6, "Parties: 0 optimistic, 0 cautious, 0 pessimistic, 1 neutral · Mediators: 2 optimistic, 1 cautious,"
         " 0 pessimistic · 3 sources"),
])
def test_generated_state_line(briefings, date, line):
    day = briefings.day(date)
    assert day.state_line == line
    assert day.state_by_editor is False


def test_editor_state_replaces_the_generated_line(briefings, corpus):
    day = briefings.day(D7)
    assert day.state_line == "The parties are talking again, but money divides them."
    assert day.state_by_editor is True
    generated = analyse(dataclasses.replace(corpus, day_notes=())).day(D7)
    assert generated.state_line == "Parties: 0 optimistic, 2 cautious, 1 pessimistic · 2 sources"
    assert generated.state_by_editor is False


# --- 3. sticking points and common ground -------------------------------------------------

def test_sticking_points_and_common_ground_day_by_day(briefings):
    """(sticking points, common ground, opened, no longer open) for every briefing."""
    assert {d.date: (topic_ids(d.sticking_points), topic_ids(d.common_ground),
                     ids(d.changes.sticking_opened), ids(d.changes.sticking_resolved)) for d in briefings.days} == {
        D1: (["border"], [], [], []),
        D2: (["captives", "border"], ["truce"], ["captives"], []),
        D3: (["captives"], ["truce", "border"], [], ["border"]),
        D4: (["captives"], ["truce", "border"], [], []),
        D5: ([], ["truce"], [], ["captives"]),
        D6: ([], [], [], []),
        D7: (["reconstruction"], ["truce"], ["reconstruction"], []),
    }


def test_sticking_point_opens_when_a_party_rejects_what_the_other_demands(briefings):
    day = briefings.day(D2)
    captives = day.sticking_points[0]
    # Northland's demand of day 1 is in the window; Southland's latest rejection is the later report.
    assert stands_of(captives) == [("north", "demands", "a-opening"), ("south", "rejects", "sb-captives-daily")]
    assert ids(day.changes.sticking_opened) == ["captives"]


def test_first_briefing_lists_its_sticking_points_but_none_as_opened(briefings):
    day = briefings.day(D1)
    assert stands_of(day.sticking_points[0]) == [("north", "rejects", "a-opening"), ("south", "demands", "sb-border")]
    assert day.changes.sticking_opened == ()


def test_sticking_point_persists_inside_the_window_and_closes_when_it_moves_past(briefings):
    for date in (D3, D4):  # nobody restates it; the day-1 demand is still inside the window
        assert stands_of(briefings.day(date).sticking_points[0]) == [
            ("north", "demands", "a-opening"), ("south", "rejects", "sb-captives-daily")]
    # On 9 March the window is 3–9 March: the demand of 2 March has dropped out.
    day = briefings.day(D5)
    assert day.sticking_points == ()
    assert ids(day.changes.sticking_resolved) == ["captives"]


def test_latest_position_wins_and_a_resolved_point_can_become_common_ground(briefings):
    day = briefings.day(D3)
    assert ids(day.changes.sticking_resolved) == ["border"]
    border = next(e for e in day.common_ground if e.topic.id == "border")
    assert stands_of(border) == [("north", "accepts", "a-border-accepts"), ("south", "demands", "sb-border")]


def test_common_ground_both_accept_or_demand_and_accept(briefings):
    assert stands_of(briefings.day(D2).common_ground[0]) == [
        ("north", "accepts", "a-truce-accepted"), ("south", "accepts", "sb-captives-daily")]
    assert stands_of(briefings.day(D7).common_ground[0]) == [
        ("north", "demands", "a-truce-demand"), ("south", "accepts", "sb-truce-line")]


def test_mediator_positions_never_make_a_sticking_point(briefings):
    # Official E (mediator) proposes monitors, Southland rejects them: one party position only.
    day = briefings.day(D4)
    assert "monitors" not in topic_ids(day.sticking_points) + topic_ids(day.common_ground)
    monitors = next(v for v in briefings.topics if v.topic.id == "monitors")
    assert [(p.side.id, p.position) for p in monitors.positions] == [("second-broker", "offers"), ("south", "rejects")]


def test_after_a_gap_longer_than_the_window_nothing_earlier_counts(briefings):
    day = briefings.day(D6)
    assert day.sticking_points == () and day.common_ground == ()
    assert day.changes.missing_sides == ()


def test_a_longer_window_keeps_the_old_demand(corpus):
    wide = analyse(corpus, window_days=10)
    assert wide.window_days == 10
    day = wide.day(D5)
    assert topic_ids(day.sticking_points) == ["captives"]
    assert topic_ids(day.common_ground) == ["truce", "border"]
    assert day.changes.sticking_resolved == ()
    assert ids(wide.day(D6).changes.sticking_resolved) == ["captives"]


def test_a_one_day_window_sees_only_the_day_itself(corpus):
    narrow = analyse(corpus, window_days=1)
    day = narrow.day(D2)
    assert day.sticking_points == ()
    assert topic_ids(day.common_ground) == ["truce"]
    assert ids(day.changes.sticking_resolved) == ["border"]
    assert narrow.day(D5).changes.missing_sides == ()


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
        D4: [("spokesperson-b", "sb-deadlock", "sb-wire-interview", "up"),
             ("envoy-c", "envoy-cautious", "envoy-radio-gloom", "down")],
        D5: [("delegation-a", "a-upbeat", "a-captives-wait", "down")],
        D7: [("spokesperson-b", "sb-wire-interview", "sb-truce-line", "down")],
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
    ("spokesperson-b", [("sb-captives-wire", "sb-deadlock", "down"), ("sb-deadlock", "sb-wire-interview", "up"),
                        ("sb-wire-interview", "sb-truce-line", "down")]),
    # Days said: 2 Mar (two optimistic claims; the one reported on day 6 is the later), 3 Mar neutral only.
    ("envoy-c", [("envoy-late", "envoy-cautious", "down"), ("envoy-cautious", "envoy-radio-gloom", "down")]),
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

def test_missing_actors_are_registry_actors_heard_at_the_previous_briefing(briefings):
    assert {d.date: ids(d.changes.missing_actors) for d in briefings.days} == {
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

def test_new_actors_and_topics(briefings):
    assert {d.date: ([a.key for a in d.changes.new_actors], ids(d.changes.new_topics)) for d in briefings.days} == {
        D1: (["delegation-a", "spokesperson-b", "envoy-c"], ["truce", "captives", "border"]),
        D2: (["2030-03-03-truce-welcomed--north-official"], []),
        D3: (["2030-03-04-border-offer--observer-team", "2030-03-04-mediators-wait--close-source",
              "2030-03-04-mediators-wait--unattributed"], []),
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
        # sb-captives-daily carries the same quote as sb-captives-wire: listed once
        (D7, "south", "spokesperson-b", "accepts", "sb-truce-line"),
        (D7, "north", "delegation-a", "demands", "a-truce-demand"),
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


def test_topic_views_at_the_latest_briefing(briefings):
    assert [(v.topic.id, v.claim_count, v.sticking_now is not None, v.common_now is not None)
            for v in briefings.topics] == [
        ("truce", 17, False, True),  # the quote carried by two outlets counts once
        ("captives", 5, False, False),
        ("border", 5, False, False),
        ("monitors", 5, False, False),
        ("reconstruction", 2, True, False),
    ]
    reconstruction = next(v for v in briefings.topics if v.topic.id == "reconstruction")
    assert stands_of(reconstruction.sticking_now) == [("north", "demands", "a-funds"),
                                                      ("south", "rejects", "sb-funds-rejected")]
    truce = briefings.topics[0]
    assert stands_of(truce.common_now) == [("north", "demands", "a-truce-demand"), ("south", "accepts", "sb-truce-line")]
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
    assert [(v.actor.id, v.claim_count, v.first_heard, v.last_heard) for v in briefings.actors] == [
        ("delegation-a", 7, D1, D7),
        ("envoy-c", 7, D1, D4),  # the remark reported on 20 March was said on 2 March
        ("official-e", 3, D4, D6),
        ("spokesperson-b", 7, D1, D7),
    ]
