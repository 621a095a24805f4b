"""The state of the talks in two to four plain sentences, each clause tied to its evidence.

1. The process: the stage, and the event it follows from (or "not enough reported to judge").
2. The open issues: each sticking point with who demands and who rejects, and since when.
3. What moved today: the trend's evidence (events, positions, tone), or that nothing moved.
4. What the mediators said of the talks themselves today (claims on process topics with an
   outlook), each in its own words, so that two different things a mediator said stay apart
   (`said_sentence`, shown beside the trend).

The sentences are data (parts with their evidence); the page turns each part into linked text.
Dates are formatted where the page is made, from the item a part names.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analyse.evidence import STANCE_RANK, Item
from generator.analyse.ledger import UNSETTLED, Ledger, Stand
from generator.analyse.process import Happening, Process
from generator.analyse.trend import Trend, event_account, event_phrase
from generator.model import Claim

OPEN_SHOWN = 3
"""Sticking points named in the state; the rest are in the ledger below it."""
SAID_PER_SIDE = 2

STAGE_LEAD = {
    "pre-negotiation": "No new round of talks is reported (pre-negotiation)",
    "negotiation": "The talks are in negotiation",
    "framework-agreement": "A first phase or framework of a deal has been agreed",
    "comprehensive-agreement": "A comprehensive agreement has been reached",
    "implementation": "An agreement is being carried out",
    "breakdown": "The talks have broken off",
}
# When the event the stage follows from is older than this, the state says when it was last
# reported rather than assert it of today (10 September: "in negotiation" from 20 August, while
# the day's own source has Qatar seeing "nothing valid" in the current talks).
STAGE_FRESH_DAYS = 7
STAGE_LEAD_LAST = {
    "pre-negotiation": "No new round of talks was last reported (pre-negotiation)",
    "negotiation": "The talks were last reported in negotiation",
    "framework-agreement": "A first phase or framework of a deal was last reported agreed",
    "comprehensive-agreement": "A comprehensive agreement was last reported reached",
    "implementation": "An agreement was last reported being carried out",
    "breakdown": "The talks were last reported broken off",
}


@dataclass(frozen=True)
class Part:
    text: str = ""
    evidence: tuple[Item, ...] = ()
    """Linked from the part (the first item; the others counted beside it)."""
    when: Item | Happening | None = None
    """An item (or an event) whose date, as precisely as known, follows the text."""
    words: Item | None = None
    """A claim or report whose own text is shown instead of `text`."""


Sentence = tuple[Part, ...]


def position_words(positions: tuple[str, ...]) -> str:
    return " and ".join(p.replace("-", " ") for p in positions)


def stand_parts(stand: Stand) -> list[Part]:
    notes = stand.notes + (("stale",) if stand.stale else ())
    label = f"{stand.side.name} {position_words(stand.positions)}"
    tail = f" ({'; '.join(notes)})" if notes else ""
    # The notes describe the latest statement: with it when the run began there, else after the
    # run's start ("… since 10 Jul 2025 (latest statement: the outlet's account)").
    if stand.run_is_latest:
        return [Part(label + tail, stand.linked), Part(" since "), Part("", (), stand.since)]
    return [Part(label, stand.linked), Part(" since "), Part("", (), stand.since), Part(tail)]


def event_note(happening) -> list[Part]:
    """Whose account an event is (when not its side's own statement) and its date, in brackets."""
    account = event_account(happening)
    return [Part(f" ({account}; " if account else " ("), Part("", (), happening), Part(")")]


def process_sentence(process: Process) -> Sentence:
    if process.stage is None:
        return (Part("Not enough reported to judge the stage of the talks: no step in the talks is on the "
                     "record yet."),)
    leads = STAGE_LEAD_LAST if process.stage_events and process.stage_age > STAGE_FRESH_DAYS else STAGE_LEAD
    parts = [Part(leads[process.stage] + (" (the editor's reading)" if process.stage_by_editor else ""))]
    if process.stage_events:
        parts.append(Part(", since "))
        # One note for the events when they share their date (as precisely) and whose account they
        # are; else each event its own: "(the outlet's account; on or before 6 Jul 2025)".
        events = process.stage_events
        shared = len({(e.item.on, e.item.precision, e.event.dated, event_account(e)) for e in events}) == 1
        for n, event in enumerate(events):
            parts += [Part(" and " if n else ""), Part(event_phrase(event), (event.item,))]
            if not shared:
                parts += event_note(event)
        if shared:
            parts += event_note(events[0])
        if process.stage_age:
            # An undated remark, or a step dated only by the statement reporting it, gives only
            # the latest day it can have been: the age is a minimum.
            least = all(e.bounded for e in process.stage_events)
            parts.append(Part(f", {'at least ' if least else ''}{process.stage_age} "
                              f"day{'s' if process.stage_age != 1 else ''} before this briefing"))
    last = process.last_event
    # Events of one day are in no known order: a later day's event is "latest", not one of the same day.
    if last is not None and (process.stage_event is None or last.date > process.stage_event.date):
        parts += [Part("; latest event: "), Part(event_phrase(last), (last.item,))] + event_note(last)
    return tuple(parts) + (Part("."),)


def issues_sentence(ledger: Ledger) -> Sentence:
    """The issues not yet settled on which both sides are on record: sticking points first, then
    those whose terms are open, then those converging; the most recently stated first in each;
    issues whose every position is stale after all the others."""
    order = {status: i for i, status in enumerate(UNSETTLED)}
    # An issue on which every position is stale comes after the live ones: a sticking point last
    # stated months ago (the guarantees of June, on 13 October) must not crowd out today's.
    open_rows = sorted(ledger.with_status(*UNSETTLED),
                       key=lambda r: (all(s.stale for s in r.stands), order[r.status],
                                      -max(s.evidence[-1].on for s in r.stands).toordinal()))
    if not open_rows:
        if ledger.rows:
            return (Part(f"No unsettled issue on the record: on {len(ledger.rows)} issue"
                         f"{'s' if len(ledger.rows) != 1 else ''} with positions, none has both parties on record "
                         "and unsettled."),)
        return (Part("No positions on the record yet: not enough reported to judge the issues."),)
    # "Unsettled", not "open": the list holds issues whose terms are open or converging too.
    parts = [Part("Unsettled issues: " if len(open_rows) > 1 else "Unsettled issue: ")]
    for n, row in enumerate(open_rows[:OPEN_SHOWN]):
        if n:
            parts.append(Part("; "))
        parts.append(Part(f"{row.topic.label} ({row.status.replace('-', ' ')}) — "))
        for k, stand in enumerate(row.stands):
            if k:
                parts.append(Part(", "))
            parts += stand_parts(stand)
    if len(open_rows) > OPEN_SHOWN:
        parts.append(Part(f"; and {len(open_rows) - OPEN_SHOWN} more in the ledger below"))
    return tuple(parts) + (Part("."),)


def moved_sentence(trend: Trend) -> Sentence:
    if trend.by_editor:
        return ()
    if trend.value == "unchanged":
        parts = [Part("Today nothing moved the talks either way: ")]
        for n, movement in enumerate(trend.movements):
            parts += [Part("; " if n else ""), Part(movement.text, movement.evidence)]
        return tuple(parts) + (Part("."),)
    if not trend.movements:
        if trend.explanation.startswith("first briefing"):
            return (Part("This is the first briefing: nothing earlier to compare with."),)
        return (Part("Today: not enough reported to judge whether anything moved."),)
    parts = [Part("Today (tone only): " if trend.basis_kind == "tone" else "Today: ")]
    for n, movement in enumerate(trend.movements):
        if n:
            parts.append(Part("; "))
        parts.append(Part(movement.text, movement.evidence))
    if trend.against:
        parts.append(Part("; against this, the outlet's own account"))
        parts.append(Part(" points the other way", trend.against))
    return tuple(parts) + (Part("."),)


WORDING_NOTES = {"outlet-rendering": "; as this outlet words it", "translated": "; translated"}
"""Shown beside a mediator's words that are not the speaker's exact text (the claim's `wording`)."""


def said_sentence(claims: list[Claim]) -> Sentence:
    """What each mediator said of the talks in today's articles: one claim per outlook it voiced,
    in its own words, each with when it was said (the parties' positions are in the ledger)."""
    by_side: dict[str, list[Claim]] = {}
    names: dict[str, str] = {}
    for claim in claims:
        side = claim.actor.side
        if side is None or side.role != "mediator" or claim.stance not in STANCE_RANK:
            continue
        if not claim.counted or not any(t.kind == "process" for t in claim.topics):
            continue
        chosen = by_side.setdefault(side.id, [])
        if len(chosen) < SAID_PER_SIDE and all(c.stance != claim.stance for c in chosen):
            chosen.append(claim)
        names[side.id] = side.name
    if not by_side:
        return ()
    # The claims are today's reports, not always today's words: each says when it was said, as
    # precisely as known ("on or before" for an undated remark).
    parts = [Part("The mediators on the talks, in today's reports: ")]
    for n, (side_id, chosen) in enumerate(by_side.items()):
        if n:
            parts.append(Part("; "))
        parts.append(Part(f"{names[side_id]}: "))
        for k, claim in enumerate(chosen):
            if k:
                parts.append(Part(" — and, apart: "))
            wording = WORDING_NOTES.get(claim.wording, "")
            parts += [Part("", (claim,), None, claim), Part(f" ({claim.stance}, said "), Part("", (), claim),
                      Part(f"{wording})")]
    return tuple(parts) + (Part("."),)


def state(process: Process, ledger: Ledger) -> tuple[Sentence, ...]:
    """Sentences 1–2: the process and the open issues (what moved today is the trend's reason,
    shown with its arrow right below them: `moved_sentence` words it for plain-text uses)."""
    return (process_sentence(process), issues_sentence(ledger))
