"""The briefing's judgements, rule by rule: the issue ledger, the process, the trend and the state
of the talks. Each test builds a small fictional corpus (Northland and Southland, parties; Broker
State, mediator) and checks the judgement the Method page's rule gives for it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.analyse import analyse
from generator.pipeline import build_pages, read_corpus
from generator.render import state_text

REGISTRY = {
    "sides.yaml": {"sides": [{"id": "north", "name": "Northland", "role": "party"},
                             {"id": "south", "name": "Southland", "role": "party"},
                             {"id": "broker", "name": "Broker State", "role": "mediator"}]},
    "topics.yaml": {"topics": [{"id": "truce", "label": "Truce", "description": "A pause in the fighting."},
                               {"id": "captives", "label": "Captives", "description": "Release of captives."},
                               {"id": "talks", "label": "Talks", "description": "The talks.", "kind": "process"},
                               {"id": "weather", "label": "Weather", "description": "Context.", "kind": "context"}]},
    "actors.yaml": {"actors": [{"id": "delegation-a", "name": "Delegation A", "kind": "organisation", "side": "north"},
                               {"id": "spokesperson-b", "name": "Spokesperson B", "kind": "person", "side": "south"},
                               {"id": "envoy-c", "name": "Envoy C", "kind": "person", "side": "broker"}]},
}
D = [dt.date(2030, 5, day) for day in range(1, 31)]


def said(ident, actor, stance="neutral", on=None, topics=("truce",), **fields) -> dict:
    """A claim: `on` is the day the source gives (None: undated)."""
    out = {"id": ident, "actor": actor, "form": "paraphrase", "text": f"{actor} said something ({ident}).",
           "sourcing": "on-record", "stance": stance, "topics": list(topics), **fields}
    if on is not None:
        out["said_on"] = on.isoformat()
    return out


def report(ident, about, topics=("truce",), **fields) -> dict:
    return {"id": ident, "about": about, "form": "paraphrase", "text": f"The outlet reports something ({ident}).",
            "topics": list(topics), **fields}


def event(kind, *sides, place=None) -> dict:
    return {"type": kind, "sides": list(sides), **({"place": place} if place else {})}


def write(root: Path, articles: dict, days: dict | None = None) -> Path:
    """`articles`: (date, slug) → (claims, reports); written with the registry under root."""
    for name, data in REGISTRY.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for (date, slug), (claims, reports) in articles.items():
        path = root / f"articles/{date:%Y/%m}/{date.isoformat()}-{slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"article": {"outlet": f"The Example {slug.title()}", "published": date.isoformat()}, "claims": claims}
        if reports:
            data["reported"] = reports
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for date, notes in (days or {}).items():
        path = root / f"days/{date.isoformat()}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"day": notes}), encoding="utf-8")
    return root


def briefings_of(tmp_path, articles, days=None, actors=(), **settings_):
    """The corpus analysed; `actors` join the registry's for this test."""
    root = write(tmp_path / "briefings", articles, days)
    if actors:
        registry = {"actors": REGISTRY["actors.yaml"]["actors"] + list(actors)}
        (root / "actors.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    return analyse(read_corpus(root), **settings_)


def row_of(day, topic):
    row = day.ledger.row(topic)
    return (row.status, [(s.side.id, s.positions) for s in row.stands],
            [(s.side.id, s.positions) for s in row.proposals]) if row else None


# --- the issue ledger ------------------------------------------------------------------------

def test_a_position_stands_through_silence_ages_and_turns_stale(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "one"): ([said("a-demands", "delegation-a", on=D[0], positions={"captives": "demands"}),
                         said("b-rejects", "spokesperson-b", on=D[0], positions={"captives": "rejects"})], []),
        (D[9], "two"): ([said("a-weather", "delegation-a", on=D[9], topics=["weather"])], []),
        (D[29], "three"): ([said("c-hope", "envoy-c", on=D[29], topics=["talks"])], []),
    }, stale_days=20)
    first, second, third = b.days
    assert row_of(first, "captives") == ("open", [("north", ("demands",)), ("south", ("rejects",))], [])
    # Nine and twenty-nine days of silence: still a sticking point (never dropped), older, then stale.
    assert row_of(second, "captives") == row_of(third, "captives")
    stand = third.ledger.row("captives").stand_of("north")
    assert (stand.age, stand.stale, second.ledger.row("captives").stand_of("north").stale) == (29, True, False)
    assert [r.topic.id for r in third.sticking_points] == ["captives"]


@pytest.mark.parametrize("north, south, status", [
    ("demands", "rejects", "open"),
    ("demands", "accepts-with-conditions", "conditional"),  # the gap is in the terms, not a refusal
    ("demands", "offers", "conditional"),
    ("demands", "accepts", "converging"),  # one demands what the other accepts: not yet accepted by both
    ("demands", "demands", "converging"),
    ("accepts", "accepts", "agreed"),
    ("accepts", "accepts-with-conditions", "conditional"),
    ("rejects", "rejects", "off-the-table"),
    ("demands", None, "one-sided"),
])
def test_status_of_an_issue_from_the_parties_positions(tmp_path, north, south, status):
    claims = [said("a", "delegation-a", on=D[0], positions={"truce": north})]
    if south:
        claims.append(said("b", "spokesperson-b", on=D[0], positions={"truce": south}))
    assert row_of(briefings_of(tmp_path, {(D[0], "x"): (claims, [])}).days[0], "truce")[0] == status


def test_a_mediator_only_proposes_and_makes_no_sticking_point(tmp_path):
    b = briefings_of(tmp_path, {(D[0], "x"): ([said("c", "envoy-c", on=D[0], positions={"truce": "offers"})], [])})
    assert row_of(b.days[0], "truce") == ("proposed", [], [("broker", ("offers",))])
    assert b.days[0].sticking_points == ()


def test_the_latest_statement_wins_and_two_things_said_one_day_both_stand(tmp_path):
    articles = {(D[0], "x"): ([said("b1", "spokesperson-b", on=D[0], positions={"truce": "rejects"}),
                              said("a1", "delegation-a", on=D[0], positions={"truce": "demands"})], []),
                (D[3], "y"): ([said("b3", "spokesperson-b", on=D[3], positions={"truce": "accepts"}),
                               said("b2", "spokesperson-b", on=D[2], positions={"truce": "rejects"})], []),
                (D[5], "z"): ([said("b5a", "spokesperson-b", on=D[5], positions={"truce": "accepts"}),
                               said("b5b", "spokesperson-b", on=D[5], positions={"truce": "rejects"})], [])}
    b = briefings_of(tmp_path, articles)
    # 4 May: said on 4 May beats said on 3 May, whatever the file order.
    assert row_of(b.days[1], "truce") == ("converging", [("north", ("demands",)), ("south", ("accepts",))], [])
    stand = b.days[1].ledger.row("truce").stand_of("south")
    assert (stand.since.id, stand.last.id) == ("b3", "b3")
    # 6 May: Southland said both; both stand, and the issue is open again.
    assert row_of(b.days[2], "truce") == ("open", [("north", ("demands",)), ("south", ("accepts", "rejects"))], [])


def test_an_outranked_undated_remark_backs_a_position_but_never_dates_or_labels_it(tmp_path):
    """The Sun on 20 Aug 2025: an official's dated statement of the 19th and an undated remark
    saying the same, published the 20th. The position is dated (its age), linked and labelled by
    the dated statement; the undated remark is shown beside it, not in its place."""
    unnamed = {"id": "official-d", "name": "Official D", "kind": "unnamed-source", "side": "north"}
    b = briefings_of(tmp_path, {
        (D[2], "x"): ([said("d1", "official-d", on=D[1], sourcing="unnamed-source", positions={"captives": "demands"}),
                       said("e0", "envoy-c", topics=["captives"], about="north",
                            positions={"captives": "demands"})], []),
        (D[9], "y"): ([said("c9", "envoy-c", on=D[9], topics=["talks"])], []),
    }, actors=[unnamed])
    stand = b.days[-1].ledger.row("captives").stand_of("north")
    assert stand.last.id == "d1" and [i.id for i in stand.evidence] == ["e0", "d1"]
    assert stand.age == (D[9] - D[1]).days and not stand.undated
    assert stand.account == ""  # the latest statement is the side's own voice


def test_only_claims_counted_as_their_speakers_and_the_outlets_reports_state_positions(tmp_path):
    b = briefings_of(tmp_path, {(D[0], "x"): (
        [said("a", "delegation-a", on=D[0], positions={"truce": "demands"}),
         said("b", "spokesperson-b", on=D[0], positions={"truce": "accepts"}, attribution="unclear",
              attribution_note="No speaker tag."),
         said("a-about-b", "delegation-a", on=D[0], about="south", topics=["captives"],
              positions={"captives": "demands"})],
        [report("b-rejects", "south", positions={"truce": "rejects"})])})
    day = b.days[0]
    # The unclear claim counts for nobody; the outlet's report counts for Southland, as its account.
    assert row_of(day, "truce") == ("open", [("north", ("demands",)), ("south", ("rejects",))], [])
    assert day.ledger.row("truce").stand_of("south").by_outlet
    # A speaker describing the other side's position records it as that side's.
    assert row_of(day, "captives") == ("one-sided", [("south", ("demands",))], [])


def test_an_agreement_between_the_parties_settles_the_issues_it_names(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("a", "delegation-a", on=D[0], topics=["captives"], positions={"captives": "demands"}),
                       said("b", "spokesperson-b", on=D[0], topics=["captives"], positions={"captives": "rejects"})], []),
        (D[1], "y"): ([said("c", "envoy-c", on=D[1], topics=["captives", "talks"], stance="optimistic",
                            event=event("agreement-reached", "north", "south"))], []),
    })
    assert row_of(b.days[1], "captives")[0] == "agreed"
    assert [t.id for t in b.days[1].changes.sticking_resolved] == ["captives"]
    # The topic's positions over time show the acceptances the agreement stands for, by whom.
    [view] = [v for v in b.topics if v.topic.id == "captives"]
    assert [(e.side.id, e.position, e.claim.id, e.by_agreement) for e in view.positions] == [
        ("north", "demands", "a", False), ("south", "rejects", "b", False),
        ("north", "accepts", "c", True), ("south", "accepts", "c", True)]


# --- the process ------------------------------------------------------------------------------

def test_an_agreement_after_the_last_round_recorded_says_its_talks_are_not_in_the_records(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0], topics=["talks"], event=event("talks-held", "north", "south"))], []),
        (D[1], "y"): ([said("c1", "envoy-c", on=D[1], topics=["talks"], event=event("talks-held", "north", "south"))], []),
        (D[5], "z"): ([said("c5", "envoy-c", on=D[5], topics=["talks"], event=event("agreement-reached", "north", "south"))],
                      []),
    })
    assert not b.days[1].process.talks_unrecorded  # no agreement yet
    assert b.days[2].process.talks_unrecorded
    pages = build_pages(tmp_path / "briefings", search=False).pages
    page = next(p.markdown for path, p in pages.items() if path.endswith(f"days/{D[5].isoformat()}.md"))
    assert "; no later round is recorded, though an agreement followed (6 May 2030)." in page


def test_stage_follows_the_latest_event_and_a_breakdown_outweighs_a_round_the_same_day(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", topics=["talks"])], []),
        (D[1], "y"): ([said("c1", "envoy-c", on=D[1], topics=["talks"], event=event("talks-held", "north", "south",
                                                                                        place="Example City"))], []),
        (D[2], "z"): ([said("c2", "envoy-c", on=D[2], topics=["talks"], event=event("talks-held", "north", "south")),
                       said("a2", "delegation-a", on=D[2], topics=["talks"],
                            event=event("delegation-recalled", "north"))], []),
    })
    stages = [d.process.stage for d in b.days]
    assert stages == [None, "negotiation", "breakdown"]
    assert "Not enough reported to judge the stage" in state_text(b.days[0])
    assert b.days[2].process.last_round.item.id == "c2"


def test_the_state_says_whose_account_an_event_is_and_how_old_at_least(tmp_path):
    """An event from an outlet or unnamed sources says so; an undated one is "at least" so old; a
    response accepting on conditions is not "accepted a proposal"; a position's note describes its
    latest statement when the run began earlier in other words."""
    unnamed = {"id": "official-d", "name": "Official D", "kind": "unnamed-source", "side": "north"}
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("d0", "official-d", sourcing="unnamed-source", topics=["talks"],
                            event=event("delegation-withheld", "north", place="Example City"))], []),
        (D[3], "y"): ([said("a3", "delegation-a", on=D[3], positions={"captives": "demands"})], []),
        (D[4], "z"): ([said("b4", "spokesperson-b", on=D[4], positions={"captives": "accepts-with-conditions"},
                            event=event("response-given", "south"))],
                      [report("r4", "north", topics=["captives"], positions={"captives": "demands"})]),
    }, actors=[unnamed])
    first, second, third = b.days
    assert state_text(first).startswith(
        "No new round of talks is reported (pre-negotiation), since Northland would not yet send a delegation to "
        "Example City (unnamed sources on the Northland side; on or before 1 May 2030).")
    assert ", at least 3 days before this briefing" in state_text(second)
    assert "Southland answered a proposal with a conditional acceptance (5 May 2030)" in state_text(third)
    assert "accepted a proposal" not in state_text(third)
    assert "Northland demands since 4 May 2030 (latest statement: the outlet's account)" in state_text(third)


def test_an_event_dated_only_by_the_statement_reporting_it_is_on_or_before_and_its_age_at_least(tmp_path):
    """`dated: on-or-before`: "Broker State confirmed on the 1st that the proposal had been put"
    dates the proposal on or before the 1st, never on it; the same event unmarked is dated on it."""
    proposal = event("proposal-made", "broker") | {"dated": "on-or-before"}
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0], topics=["talks"], event=proposal)], []),
        (D[3], "y"): ([said("c3", "envoy-c", on=D[3], topics=["talks"])], []),
        (D[5], "z"): ([said("c5", "envoy-c", on=D[5], topics=["talks"], event=event("talks-held", "north", "south"))], []),
    })
    first, second, third = b.days
    assert "since Broker State put forward a proposal (on or before 1 May 2030)." in state_text(first)
    assert "(on or before 1 May 2030), at least 3 days before this briefing" in state_text(second)
    assert "talks held with Northland and Southland (as Envoy C tells it; 6 May 2030)" in state_text(third)


def test_a_response_comes_since_the_proposal_only_when_its_date_says_so(tmp_path):
    """A response dated after the proposal came "since then"; a response known only as "on or
    before" a day may have come first (Egypt's proposal confirmed on the 18th, Hamas's acceptance
    reported on the 20th), so which came first is not known."""
    proposal = event("proposal-made", "broker") | {"dated": "on-or-before"}
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0], topics=["talks"], event=proposal)], []),
        (D[2], "y"): ([said("b2", "spokesperson-b", on=D[2], topics=["truce"], positions={"truce": "accepts"},
                            event=event("response-given", "south"))], []),
        (D[4], "z"): ([said("c4", "envoy-c", on=D[4], topics=["talks"])], [report("r4", "north", topics=["truce"], positions={"truce": "accepts"},
                                  event=event("response-given", "north"))]),
    })
    dated, undated = b.days[1].process, b.days[2].process
    assert [r.item.id for r in dated.responses] == ["b2"] and dated.responses_known_after
    assert [r.item.id for r in undated.responses] == ["b2", "r4"] and not undated.responses_known_after
    pages = build_pages(tmp_path / "briefings", search=False).pages
    day = lambda d: next(p.markdown for path, p in pages.items() if path.endswith(f"days/{d.isoformat()}.md"))
    assert "; since then: " in day(D[2])
    assert "; responses reported, whether before or after it is not known: " in day(D[4])


def test_a_response_with_no_positions_names_the_tone_that_gives_its_direction(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "w"): ([said("c0", "envoy-c", on=D[0], topics=["talks"])], []),
        (D[1], "x"): ([said("b1", "spokesperson-b", stance="optimistic", on=D[1], topics=["talks"],
                            event=event("response-given", "south"))], []),
        (D[2], "y"): ([said("b2", "spokesperson-b", stance="neutral", on=D[2], topics=["talks"],
                            event=event("response-given", "south"))], []),
    })
    assert "Southland answered a proposal, in an optimistic tone (2 May 2030)" in state_text(b.days[1])
    assert b.days[1].trend.value == "towards"
    assert "Southland answered a proposal (3 May 2030)" in state_text(b.days[2])
    # No proposal is recorded, but a response shows one was made: it is not "no proposal".
    pages = build_pages(tmp_path / "briefings", search=False).pages
    page = next(p.markdown for path, p in pages.items() if path.endswith(f"days/{D[2].isoformat()}.md"))
    assert ("<strong>On the table:</strong> a proposal whose author and date are not recorded; latest response: "
            in page) and "no proposal recorded" not in page


def test_what_changed_says_whose_account_each_position_rests_on(tmp_path):
    """A position first reported by the outlet and then stated by the side itself: the change
    names the outlet's account on the left and nothing on the right (the side's own words)."""
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("a0", "delegation-a", on=D[0], topics=["talks"])],
                      [report("r0", "north", topics=["captives"], positions={"captives": "rejects"})]),
        (D[2], "y"): ([said("a2", "delegation-a", on=D[2], topics=["captives"],
                            positions={"captives": "accepts-with-conditions"})], []),
    })
    assert [d.date for d in b.days] == [D[0], D[2]]
    pages = build_pages(tmp_path / "briefings", search=False).pages
    later = next(p.markdown for path, p in pages.items() if path.endswith(f"days/{D[2].isoformat()}.md"))
    changed = later.split("## What changed", 1)[1].split("\n## ", 1)[0]
    # The report gives no day: the outlet's account stands as of its publication, "on or before".
    assert "rejects (on or before 1 May 2030, the outlet&#39;s account)</a> → " in changed
    assert "accepts with conditions (3 May 2030)</a>." in changed


def test_a_stage_older_than_a_week_is_said_as_last_reported(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0], topics=["talks"], event=event("talks-held", "north", "south"))], []),
        (D[7], "y"): ([said("c7", "envoy-c", on=D[7], stance="cautious", topics=["talks"])], []),
        (D[8], "z"): ([said("c8", "envoy-c", on=D[8], stance="cautious", topics=["talks"])], []),
    })
    week, older = b.days[1], b.days[2]
    assert state_text(week).startswith("The talks are in negotiation, since talks held with Northland and Southland "
                                       "(as Envoy C tells it; 1 May 2030), 7 days before this briefing.")
    assert state_text(older).startswith("The talks were last reported in negotiation, since")


def test_the_editor_names_the_stage_and_what_is_on_the_table(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c", "envoy-c", on=D[0], topics=["talks"], event=event("proposal-made", "broker"))], []),
        (D[1], "y"): ([said("b", "spokesperson-b", on=D[1], topics=["talks"], stance="optimistic",
                            event=event("response-given", "south"))], []),
    }, days={D[1]: {"stage": "framework-agreement"}})
    first, second = b.days
    assert (first.process.stage, first.process.stage_by_editor) == ("negotiation", False)
    assert (second.process.stage, second.process.stage_by_editor) == ("framework-agreement", True)
    assert (second.process.on_table.item.id, [r.item.id for r in second.process.responses]) == ("c", ["b"])


# --- the trend ---------------------------------------------------------------------------------

def test_a_recall_moves_away_and_says_why(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0], topics=["talks"], event=event("talks-held", "north", "south"))], []),
        (D[1], "y"): ([said("a1", "delegation-a", on=D[1], stance="pessimistic", topics=["talks"],
                            event=event("delegation-recalled", "north", place="Example City"))], []),
    })
    trend = b.days[1].trend
    assert (trend.value, trend.basis_kind, trend.confidence) == ("away", "process", "low")
    assert trend.explanation == "Away from a deal: Northland recalled a delegation from Example City"


def test_a_party_softening_moves_towards_and_an_event_carried_by_gloomy_words_does_not(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("b0", "spokesperson-b", on=D[0], positions={"truce": "rejects"})], []),
        (D[1], "y"): ([said("b1", "spokesperson-b", on=D[1], positions={"truce": "accepts-with-conditions"})],
                      [report("deadlock", "broker", topics=["talks"], stance="pessimistic",
                              event=event("talks-held", "north", "south"))]),
    })
    trend = b.days[1].trend
    assert trend.value == "towards"
    assert [m.text for m in trend.movements] == [
        "Truce: Southland moved from rejecting to accepting on conditions"]
    # The outlet's own gloom is shown as counter-evidence and lowers the confidence.
    assert [i.id for i in trend.against] == ["deadlock"] and trend.confidence == "low"


def test_tone_only_when_nothing_else_moved_labelled_as_tone(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", "optimistic", on=D[0], topics=["talks"])], []),
        (D[1], "y"): ([said("c1", "envoy-c", "pessimistic", on=D[1], topics=["talks"]),
                       said("c2", "envoy-c", "pessimistic", on=D[1], topics=["talks"])], []),
    })
    trend = b.days[1].trend
    assert (trend.value, trend.basis_kind) == ("away", "tone")
    assert trend.explanation.startswith("Away from a deal (tone only): tone of Broker State gloomier than on")


def test_not_enough_reported_to_judge_rather_than_a_guess(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", "optimistic", on=D[0])], []),
        # One claim today, and two undated ones: no tone to compare, no event, no position.
        (D[1], "y"): ([said("c1", "envoy-c", "pessimistic", on=D[1]), said("a1", "delegation-a", "pessimistic"),
                       said("a2", "delegation-a", "pessimistic")], []),
    })
    assert (b.days[1].trend.value, b.days[1].trend.explanation) == (None, "not enough reported to judge")


def test_undated_remarks_move_neither_tone_nor_position(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("b0", "spokesperson-b", "optimistic", on=D[0], positions={"truce": "accepts"}),
                       said("b00", "spokesperson-b", "optimistic", on=D[0])], []),
        (D[1], "y"): ([said("b1", "spokesperson-b", "pessimistic", positions={"truce": "rejects"}),
                       said("b2", "spokesperson-b", "pessimistic")], []),
    })
    day = b.days[1]
    assert day.trend.value is None
    # The undated rejection still stands on the ledger, as of its publication.
    assert row_of(day, "truce")[1] == [("south", ("rejects",))]


def test_the_editor_trend_replaces_the_computed_one(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("c0", "envoy-c", on=D[0])], []),
        (D[1], "y"): ([said("a1", "delegation-a", on=D[1], topics=["talks"],
                            event=event("delegation-recalled", "north"))], []),
    }, days={D[1]: {"trend": "towards", "state": "The editor's line."}})
    day = b.days[1]
    assert (day.trend.value, day.trend.by_editor, day.state_line) == ("towards", True, "The editor's line.")
    assert state_text(day) == "The editor's line."


def test_an_unrelated_article_on_another_day_does_not_change_a_sides_trend(tmp_path):
    base = {
        (D[0], "x"): ([said("b0", "spokesperson-b", "optimistic", on=D[0]),
                       said("b00", "spokesperson-b", "optimistic", on=D[0])], []),
        (D[2], "z"): ([said("b1", "spokesperson-b", "pessimistic", on=D[2]),
                       said("b2", "spokesperson-b", "pessimistic", on=D[2])], []),
    }
    before = briefings_of(tmp_path / "before", base).day(D[2]).trend
    extra = dict(base)
    extra[(D[1], "unrelated")] = ([said("a-weather", "delegation-a", on=D[1], topics=["weather"]),
                                   said("c-weather", "envoy-c", "pessimistic", on=D[1], topics=["weather"])], [])
    after = briefings_of(tmp_path / "after", extra).day(D[2]).trend
    assert before.value == "away" and (after.value, after.explanation) == (before.value, before.explanation)


# --- order never matters -------------------------------------------------------------------------

ORDER_CORPUS = {
    (D[0], "one"): ([said("a0", "delegation-a", "cautious", on=D[0], positions={"truce": "demands"}),
                     said("b0", "spokesperson-b", "pessimistic", on=D[0], positions={"truce": "rejects"}),
                     said("b0x", "spokesperson-b", "optimistic", on=D[0], via="Example Radio"),
                     said("c0", "envoy-c", "optimistic", on=D[0], topics=["talks"],
                          event=event("talks-held", "north", "south"))],
                    [report("r0", "south", positions={"captives": "demands"})]),
    (D[0], "two"): ([said("b0y", "spokesperson-b", "cautious", on=D[0], positions={"truce": "accepts"}),
                     said("a0y", "delegation-a", "optimistic", on=D[0])], []),
    (D[2], "three"): ([said("a2", "delegation-a", "pessimistic", on=D[2], topics=["talks"],
                            event=event("delegation-recalled", "north")),
                       said("b2", "spokesperson-b", "cautious", on=D[1], positions={"captives": "accepts"}),
                       said("c2", "envoy-c", "cautious", on=D[2], topics=["talks"]),
                       said("c3", "envoy-c", "pessimistic", on=D[2], topics=["talks"])], []),
}


def judgements(briefings) -> list:
    return [(d.date, state_text(d), d.trend.value, d.trend.explanation, d.trend.confidence,
             [(r.topic.id, r.status, [(s.side.id, s.positions, s.since.id) for s in r.stands]) for r in d.ledger.rows],
             [(s.actor.key, s.before.id, s.after.id) for s in d.changes.shifts],
             [(c.topic.id, c.side.id) for c in d.changes.positions], d.process.stage)
            for d in briefings.days] + [[(v.actor.id, [(c.first.id, c.second.id) for c in v.contradictions],
                                          [(s.before.id, s.after.id) for s in v.shifts]) for v in briefings.actors]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_shuffling_claims_and_files_changes_no_judgement_and_no_page(tmp_path_factory, seed):
    rng = random.Random(seed)
    reference = tmp_path_factory.mktemp("ref")
    shuffled = tmp_path_factory.mktemp("shuffled")
    write(reference / "b", ORDER_CORPUS)
    mixed = {}
    for key in rng.sample(list(ORDER_CORPUS), len(ORDER_CORPUS)):  # the order files are written and read
        claims, reports = ORDER_CORPUS[key]
        mixed[key] = (rng.sample(claims, len(claims)), rng.sample(reports, len(reports)))
    write(shuffled / "b", mixed)
    assert judgements(analyse(read_corpus(reference / "b"))) == judgements(analyse(read_corpus(shuffled / "b")))
    built, rebuilt = build_pages(reference / "b"), build_pages(shuffled / "b")
    assert built.data_files == rebuilt.data_files  # the open data and the feed, byte for byte
    assert built.search_documents == rebuilt.search_documents
    pages, other = built.pages, rebuilt.pages
    assert pages.keys() == other.keys()
    for path, page in pages.items():
        if path.startswith("articles/") and path != "articles/index.md":
            continue  # an article's page lists its claims in the file's order, as the article has them
        assert page.markdown == other[path].markdown, path


def test_a_topic_keeps_its_ledger_row_for_every_day_it_changed(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("a", "delegation-a", on=D[0], positions={"truce": "demands"})], []),
        (D[1], "y"): ([said("c", "envoy-c", on=D[1], topics=["talks"])], []),
        (D[2], "z"): ([said("b", "spokesperson-b", on=D[2], positions={"truce": "rejects"})], []),
        (D[3], "w"): ([said("b2", "spokesperson-b", on=D[3], positions={"truce": "accepts"})], []),
    })
    truce = next(v for v in b.topics if v.topic.id == "truce")
    # 2 May changed nothing: no entry; each change is one.
    assert [(day, row.status) for day, row in truce.ledger] == [
        (D[0], "one-sided"), (D[2], "open"), (D[3], "converging")]


def test_a_move_on_one_issue_leaves_another_issues_change_of_status_in_the_reason(tmp_path):
    """Southland softens on the truce (a move) while Northland's acceptance settles the captives
    (a change of status with no move: demands and accepts weigh alike): the reason names both."""
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("a0", "delegation-a", on=D[0], positions={"truce": "demands", "captives": "demands"}),
                       said("b0", "spokesperson-b", on=D[0], positions={"truce": "rejects", "captives": "accepts"})],
                      []),
        (D[1], "y"): ([said("a1", "delegation-a", on=D[1], positions={"captives": "accepts"}),
                       said("b1", "spokesperson-b", on=D[1], positions={"truce": "accepts-with-conditions"})], []),
    })
    texts = [m.text for m in b.days[1].trend.movements]
    assert "Truce: Southland moved from rejecting to accepting on conditions" in texts
    assert "Captives: from converging to agreed" in texts


def test_who_said_what_says_how_precisely_each_line_is_dated_and_whose_wording_it_is(tmp_path):
    """A line shows a day worked out from outside the text as "(inferred)", an undated remark as
    "on or before" its publication day (not as said on it), an outlet's rendering of the words
    as such, and what an outlet reports as "on" its day, not "said"."""
    briefings_of(tmp_path, {
        (D[3], "x"): ([said("same", "delegation-a", on=D[3]),
                       said("guessed", "delegation-a", on=D[2], said_on_precision="inferred", note="The day before, by the lead."),
                       said("undated", "delegation-a"),
                       said("retyped", "delegation-a", on=D[3], form="quote", wording="outlet-rendering")],
                      [report("strike", "north", date=D[1].isoformat())]),
    })
    pages = build_pages(tmp_path / "briefings", search=False).pages
    page = next(p.markdown for path, p in pages.items() if path.endswith(f"days/{D[3].isoformat()}.md"))
    line = lambda ident: next(li for li in page.split("<li") if f"({ident})" in li)
    assert "<small>The Example X</small>" in line("same")
    assert "said 3 May 2030 (inferred)" in line("guessed")
    assert "said on or before 4 May 2030" in line("undated")
    assert "outlet rendering" in line("retyped")
    assert "on 2 May 2030" in line("strike") and "said" not in line("strike").split("<small>")[1]


def test_a_sticking_point_closed_only_by_own_words_replacing_an_account_says_so(tmp_path):
    """11 July: the outlet's "Israel has rejected" replaced by Netanyahu's conditional words is a
    change in the record, not a move of Israel's; a side moving from its own refusal is one."""
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("b0", "spokesperson-b", on=D[0], topics=["captives"], positions={"captives": "demands"}),
                       said("a0", "delegation-a", on=D[0], topics=["truce"], positions={"truce": "rejects"}),
                       said("b1", "spokesperson-b", on=D[0], topics=["truce"], positions={"truce": "demands"})],
                      [report("r0", "north", topics=["captives"], positions={"captives": "rejects"})]),
        (D[2], "y"): ([said("a2", "delegation-a", on=D[2], topics=["captives", "truce"],
                            positions={"captives": "accepts-with-conditions", "truce": "accepts-with-conditions"})],
                      []),
    })
    changes = b.days[1].changes
    assert sorted(t.id for t in changes.sticking_resolved) == ["captives", "truce"]
    assert [t.id for t in changes.resolved_in_record] == ["captives"]
    pages = build_pages(tmp_path / "briefings", search=False).pages
    page = next(p.markdown for path, p in pages.items() if path.endswith(f"days/{D[2].isoformat()}.md"))
    assert "(in the record only: a side's own words replaced another's account of its position)" in page


def test_one_outlet_account_replacing_another_is_not_a_side_s_own_words(tmp_path):
    b = briefings_of(tmp_path, {
        (D[0], "x"): ([said("b0", "spokesperson-b", on=D[0], topics=["captives"], positions={"captives": "demands"})],
                      [report("r0", "north", topics=["captives"], positions={"captives": "rejects"})]),
        (D[2], "y"): ([said("c2", "envoy-c", on=D[2], topics=["talks"])],
                      [report("r2", "north", topics=["captives"], positions={"captives": "accepts-with-conditions"})]),
    })
    changes = b.days[1].changes
    assert [t.id for t in changes.sticking_resolved] == ["captives"]
    assert changes.resolved_in_record == ()
