"""What changed with a day's reports: sides and voices heard for the first time, outlooks that
moved, positions stated or changed on the ledger, sticking points opened or closed, events, and
who fell silent. "Side" always means a party, mediator or other side; "voice" a speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analyse.ledger import Ledger
from generator.analyse.process import Happening
from generator.analyse.trend import PositionChange
from generator.analyse.views import StanceShift
from generator.model import Actor, Side, Topic


@dataclass(frozen=True)
class Changes:
    new_sides: tuple[Side, ...] = ()
    """Sides heard (through any voice) for the first time in the record."""
    new_voices: tuple[Actor, ...] = ()
    """Speakers heard for the first time in the record."""
    shifts: tuple[StanceShift, ...] = ()
    positions: tuple[PositionChange, ...] = ()
    """Positions on the ledger stated for the first time or changed by the day's reports."""
    events: tuple[Happening, ...] = ()
    new_topics: tuple[Topic, ...] = ()
    sticking_opened: tuple[Topic, ...] = ()
    sticking_resolved: tuple[Topic, ...] = ()
    missing_voices: tuple[Actor, ...] = ()
    """Registry speakers heard at the previous briefing but not today."""
    missing_sides: tuple[Side, ...] = ()
    """Parties and mediators heard in the window before today but not today."""

    @property
    def changed_positions(self) -> tuple[PositionChange, ...]:
        return tuple(c for c in self.positions if c.before is not None
                     and set(c.before.positions) != set(c.after.positions))

    @property
    def first_positions(self) -> tuple[PositionChange, ...]:
        return tuple(c for c in self.positions if c.before is None)

    @property
    def resolved_in_record(self) -> tuple[Topic, ...]:
        """The sticking points no longer open only because a side's own words replaced another's
        account of its position: a change in the record, not a move of the side's."""
        return tuple(topic for topic in self.sticking_resolved
                     if (moved := [c for c in self.positions if c.topic.id == topic.id])
                     and all(c.in_record_only for c in moved))

    @property
    def empty(self) -> bool:
        return not any((self.new_sides, self.new_voices, self.shifts, self.changed_positions, self.first_positions,
                        self.events, self.new_topics, self.sticking_opened, self.sticking_resolved,
                        self.missing_voices, self.missing_sides))


def sticking(before: Ledger | None, now: Ledger) -> tuple[tuple[Topic, ...], tuple[Topic, ...]]:
    """(opened, resolved): topics that became, or stopped being, sticking points."""
    was = {r.topic.id for r in before.with_status("open")} if before else set()
    is_now = {r.topic.id for r in now.with_status("open")}
    opened = tuple(r.topic for r in now.rows if r.topic.id in is_now - was)
    resolved = tuple(r.topic for r in (before.rows if before else ()) if r.topic.id in was - is_now)
    return opened, resolved
