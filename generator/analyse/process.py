"""The process: which stage the talks are at, the last event, the last round, what is on the table.

Worked out from the events that claims and outlet reports record, as of a day (events reported
by then), unless the editor's notes name the stage. The stage follows from the latest event that
implies one (`EVENT_STAGE`); events on one day are taken in the order of `STAGE_WEIGHT`, so a
recall and a new round reported for the same day read as a breakdown. Nothing is guessed: with no
such event the stage is "not enough reported to judge".
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from generator.analyse.evidence import PRECISION_ORDER, Item
from generator.model import DayNotes, Event

# Which stage an event puts the talks in (None: it does not change the stage by itself).
EVENT_STAGE: dict[str, str | None] = {
    "talks-held": "negotiation",
    "talks-paused": "negotiation",
    "delegation-sent": "negotiation",
    "delegation-withheld": "pre-negotiation",
    "delegation-recalled": "breakdown",
    "proposal-made": "negotiation",
    "response-given": "negotiation",
    "agreement-reached": "framework-agreement",
    "agreement-implemented": "implementation",
    "agreement-broken": "breakdown",
    "deadline-set": None,
    "mediator-visit": None,
    "summit-held": None,
    "escalation": None,
}
# When events of one day imply different stages, the heavier one stands.
STAGE_WEIGHT = {"pre-negotiation": 0, "negotiation": 1, "framework-agreement": 2, "comprehensive-agreement": 3,
                "implementation": 4, "breakdown": 5}
# Movement an event is evidence of (the trend's first evidence); missing: none by itself.
EVENT_DIRECTION: dict[str, str] = {
    "talks-held": "towards",
    "delegation-sent": "towards",
    "proposal-made": "towards",
    "agreement-reached": "towards",
    "agreement-implemented": "towards",
    "summit-held": "towards",
    "talks-paused": "away",
    "delegation-withheld": "away",
    "delegation-recalled": "away",
    "agreement-broken": "away",
    "escalation": "away",
}
# A response moves towards or away as the words carrying it do (a "positive" response, a refusal).
STANCE_DIRECTION = {"optimistic": "towards", "pessimistic": "away"}


@dataclass(frozen=True)
class Happening:
    """An event with the item that records it."""

    event: Event
    item: Item

    @property
    def date(self) -> dt.date:
        return self.item.on

    @property
    def bounded(self) -> bool:
        """Whether only the latest day the step can have been taken is known: its record is
        undated, or dates only the statement that reports it (`dated: on-or-before`)."""
        return self.item.precision == "before-publication" or self.event.dated == "on-or-before"

    @property
    def direction(self) -> str | None:
        """towards | away | None: the event's direction, unless the words carrying it say otherwise
        (talks "amid signs of deadlock" are no movement towards a deal)."""
        stance = getattr(self.item, "stance", None)
        if self.event.type == "response-given":
            if stance in STANCE_DIRECTION:
                return STANCE_DIRECTION[stance]
            # An outlet's report of a response, with no outlook of its own: what it says was answered.
            said = {p for _, p in self.item.positions}
            if said and said <= {"rejects"}:
                return "away"
            return "towards" if said - {"rejects", "demands"} and "rejects" not in said else None
        direction = EVENT_DIRECTION.get(self.event.type)
        if direction and STANCE_DIRECTION.get(stance or "", direction) != direction:
            return None
        return direction


@dataclass(frozen=True)
class Process:
    stage: str | None
    """A value of the `stage` vocabulary, or None: not enough reported to judge."""
    stage_by_editor: bool
    stage_event: Happening | None
    """The event the stage follows from (None when set by the editor or unknown)."""
    stage_events: tuple[Happening, ...] = ()
    """Every event of that day that implies the same stage (both recalls of one day)."""
    stage_age: int = 0
    """Days from the stage's event to the day of the briefing."""
    last_event: Happening | None = None
    last_round: Happening | None = None
    """The latest round of talks held (where, when, who)."""
    on_table: Happening | None = None
    """The latest proposal put to the parties."""
    responses: tuple[Happening, ...] = ()
    """Responses given to it since (with no proposal on record, the latest responses)."""
    next_step: Happening | None = None
    """The latest deadline set, when one lies ahead of the day."""
    agreement: Happening | None = None
    """The latest agreement reached."""

    @property
    def talks_unrecorded(self) -> bool:
        """Whether an agreement came after the last round of talks recorded: the talks that led to
        it are not in the records (9 October: the round of July is the last one reported)."""
        return self.agreement is not None and self.last_round is not None and \
            self.agreement.date > self.last_round.date

    @property
    def responses_known_after(self) -> bool:
        """Whether every response is known to come after the proposal on the table: dated by its
        source (not only "on or before" a day) and later than the proposal's day. Two steps known
        only as "on or before" are in no known order (a response reported with a proposal may
        be the answer that preceded its announcement)."""
        return self.on_table is not None and all(
            not r.bounded and r.date > self.on_table.date for r in self.responses)


def _undated(happening: Happening) -> bool:
    return happening.item.precision == "before-publication"


class ProcessBook:
    """Events as the days are walked in order; gives the process as of a day."""

    def __init__(self, chronological: Callable[[Item], int]):
        self.key = chronological
        self.happenings: list[Happening] = []
        """In chronological order."""
        self.latest: dict[str, Happening] = {}
        """Event type → its latest happening."""
        self.staged: list[Happening] = []
        """The happenings that imply a stage, in chronological order: the stage is read from the
        latest of them without walking every event since (a decade of deadlines and visits)."""
        self.answers: list[Happening] = []
        """Responses given, in chronological order."""

    def add(self, items) -> list[Happening]:
        fresh = sorted((Happening(item.event, item) for item in items if item.event is not None and item.counted),
                       key=lambda h: self.key(h.item))
        for happening in fresh:
            bisect.insort(self.happenings, happening, key=lambda h: self.key(h.item))
            kind = happening.event.type
            if EVENT_STAGE.get(kind) is not None:
                bisect.insort(self.staged, happening, key=lambda h: self.key(h.item))
            if kind == "response-given":
                bisect.insort(self.answers, happening, key=lambda h: self.key(h.item))
            if kind not in self.latest or self.key(happening.item) > self.key(self.latest[kind].item):
                self.latest[kind] = happening
        return fresh

    def process(self, date: dt.date, notes: DayNotes | None) -> Process:
        # Every question is answered by looking back from the latest event (the list is kept in
        # order): a decade's events are not walked again for each of its days.
        events = self.happenings
        stage_event = None
        for happening in reversed(self.staged):  # the latest day's heaviest stage wins
            if stage_event is not None and happening.date < stage_event.date:
                break
            stage = EVENT_STAGE[happening.event.type]
            if stage_event is None or STAGE_WEIGHT[stage] > STAGE_WEIGHT[EVENT_STAGE[stage_event.event.type]]:
                stage_event = happening
        if notes is not None and notes.stage:
            stage, by_editor = notes.stage, True
        else:
            stage, by_editor = (EVENT_STAGE[stage_event.event.type] if stage_event else None), False
        stage_events: tuple[Happening, ...] = ()
        if stage_event is not None and not by_editor:
            # The stage day's staged events sit together at the end of their list. Dated records
            # first: the stage's date is given as precisely as the sources give it.
            first = bisect.bisect_left(self.staged, stage_event.date, key=lambda h: h.date)
            stage_events = tuple(sorted((h for h in self.staged[first:] if h.date == stage_event.date
                                         and EVENT_STAGE.get(h.event.type) == stage),
                                        key=lambda h: (PRECISION_ORDER[h.item.precision], self.key(h.item))))
        last_round = self.latest.get("talks-held")
        on_table = self.latest.get("proposal-made")
        responses: tuple[Happening, ...] = ()
        if on_table is None:
            answered = self.latest.get("response-given")
            responses = (answered,) if answered else ()
        else:
            after = self.key(on_table.item)
            later = []
            for happening in reversed(self.answers):
                if self.key(happening.item) <= after:
                    break
                later.append(happening)
            responses = tuple(reversed(later))
        next_step = None
        for happening in reversed(events):
            if happening.date < date:
                break
            if happening.event.type == "deadline-set":
                next_step = happening
                break
        # The latest event: of the latest day, one the source dates before one it does not.
        last_event = None
        for happening in reversed(events):
            if last_event is not None and happening.date < last_event.date:
                break
            if last_event is None or (_undated(last_event) and not _undated(happening)):
                last_event = happening
        return Process(stage, by_editor, None if by_editor else stage_event, stage_events,
                       (date - stage_event.date).days if stage_event and not by_editor else 0,
                       last_event, last_round, on_table, responses, next_step, self.latest.get("agreement-reached"))
