"""The trend: evidence of movement towards or away from a deal on the day of a briefing.

First the process and the ledger (rule on the Method page, "The trend"): an event reported today
that moves the talks (a round held, a delegation recalled, an agreement), a party moving along
the ledger (from rejects towards accepts or offers, or back), an issue becoming agreed or open
again. Only when none of these is reported, the tone: each side's outlook today against its own
latest outlook within the window, labelled as tone. Each arrow carries the evidence it rests on
and one sentence of reason; below the minimum (one event or position move, or for tone two
dated claims of a side today and one of its own before) there is no arrow but "not enough
reported to judge".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.analyse.evidence import STANCE_RANK, Basis, Item, basis, dated, outlet_account, unnamed_sources
from generator.analyse.ledger import STATUS_RANK, Stand, own_words
from generator.analyse.process import STANCE_DIRECTION, Happening
from generator.model import Article, Claim, DayNotes, Report, Side, Topic

# A side's tone moved when its mean outlook (pessimistic 0, cautious 1, optimistic 2) today
# differs from its own latest earlier one by at least this much.
TONE_STEP = 0.5
TONE_MIN_TODAY = 2
"""Claims with an outlook a side needs today for its tone to be compared."""

# How each event reads, and the word before its place ("recalled a delegation from Doha").
EVENT_PHRASES = {
    "talks-held": "talks held with {sides}",
    "talks-paused": "talks paused between {sides}",
    "delegation-sent": "{sides} sent a delegation",
    "delegation-withheld": "{sides} would not yet send a delegation",
    "delegation-recalled": "{sides} recalled a delegation",
    "proposal-made": "{sides} put forward a proposal",
    "response-given": "{sides} answered a proposal",
    "response-accepting": "{sides} accepted a proposal",
    "response-conditional": "{sides} answered a proposal with a conditional acceptance",
    "response-rejecting": "{sides} rejected a proposal",
    "agreement-reached": "agreement reached between {sides}",
    "agreement-implemented": "a step of the agreement carried out by {sides}",
    "agreement-broken": "{sides} broke an agreement",
    "deadline-set": "{sides} set a deadline",
    "mediator-visit": "a meeting of {sides}",
    "summit-held": "a summit with {sides}",
    "escalation": "a military step or decision by {sides}",
}


def names(sides) -> str:
    names = [s.name for s in sides]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


PLACE_WORDS = {"delegation-sent": "to", "delegation-withheld": "to", "delegation-recalled": "from"}
# Positions as the reason names a move between them ("from rejecting to accepting on conditions").
POSITION_GERUNDS = {"demands": "demanding", "offers": "offering", "accepts": "accepting",
                    "accepts-with-conditions": "accepting on conditions", "rejects": "rejecting"}


def event_phrase(happening: Happening) -> str:
    event = happening.event
    place = f" {PLACE_WORDS.get(event.type, 'in')} {event.place}" if event.place else ""
    kind = event.type
    if kind == "response-given":  # what the response was, when its record says
        said = {p for _, p in happening.item.positions}
        if said and said <= {"rejects"}:
            kind = "response-rejecting"
        elif said and said <= {"accepts"}:
            kind = "response-accepting"
        elif said & {"accepts", "accepts-with-conditions", "offers"} and "rejects" not in said:
            # A response that accepts some terms on conditions is not an acceptance of the proposal.
            kind = "response-conditional"
    phrase = EVENT_PHRASES[kind].format(sides=names(event.sides)) + place
    stance = getattr(happening.item, "stance", None)
    if kind == "response-given" and stance in STANCE_DIRECTION:
        # With no positions, the response's tone is what gives its direction (Happening.direction):
        # the reason names it, or "answered a proposal" would stand under an arrow unexplained.
        phrase += f", in {'an' if stance == 'optimistic' else 'a'} {stance} tone"
    return phrase


def event_account(happening: Happening) -> str:
    """Whose account an event rests on when not the words of a side it names: "the outlet's
    account", "unnamed sources on the Israel side", "as Donald Trump tells it"; empty for a side's
    own statement of its own step."""
    item, event = happening.item, happening.event
    if not hasattr(item, "actor"):
        return outlet_account(item)
    actor = item.actor
    if actor.kind == "unnamed-source":
        return unnamed_sources(actor)
    if actor.side is not None and any(side.id == actor.side.id for side in event.sides):
        return ""
    return f"as announced by {actor.name}" if event.type == "agreement-reached" else f"as {actor.name} tells it"


def event_with_account(happening: Happening) -> str:
    """The event in plain words with whose account it is, as the state and the trend name it."""
    account = event_account(happening)
    return event_phrase(happening) + (f" ({account})" if account else "")


def gerunds(positions) -> str:
    return " and ".join(POSITION_GERUNDS[p] for p in positions)


@dataclass(frozen=True)
class Movement:
    direction: str
    """towards | away"""
    kind: str
    """event | position | status | tone"""
    text: str
    """The clause of the reason, in plain words."""
    evidence: tuple[Item, ...]
    topic: str | None = None
    """The issue a party's move is on (kind position)."""


@dataclass(frozen=True)
class Trend:
    value: str | None
    """towards | away | mixed | unchanged; None: not enough reported to judge (or the first briefing)."""
    basis_kind: str | None = None
    """process (events and positions) | tone; None when there is no arrow or the editor set it."""
    movements: tuple[Movement, ...] = ()
    against: tuple[Item, ...] = ()
    """Outlet reports of the day whose own outlook points the other way."""
    basis: Basis | None = None
    by_editor: bool = False
    explanation: str = ""
    """The reason in one plain sentence (the page links each clause to its evidence)."""

    @property
    def confidence(self) -> str | None:
        """high | medium | low: from the outlets and items it rests on; lowered by counter-evidence."""
        if self.basis is None or self.value is None:
            return None
        levels = ("low", "medium", "high")
        level = levels.index(self.basis.level) - (1 if self.against else 0) - (1 if self.basis_kind == "tone" else 0)
        return levels[max(0, level)]


@dataclass(frozen=True)
class PositionChange:
    """A side's stand on a topic before and after the day's reports."""

    topic: Topic
    side: Side
    before: Stand | None
    after: Stand

    @property
    def in_record_only(self) -> bool:
        """Whether the side's own words replaced another's account of its position (an outlet's,
        another side's): a change in the record, not necessarily a move of the side's."""
        return self.before is not None and not self.before.own and own_words(self.after.last, self.side)


def position_movements(changes: list[PositionChange]) -> list[Movement]:
    """A party moving along the ledger (rejects → demands → accepts with conditions → accepts or
    offers), on dated evidence or an outlet's report: an undated remark cannot show when it moved."""
    out = []
    for change in changes:
        before, after = change.before, change.after
        # A move is the side's own: both positions in its own words (not one side's account of the
        # other, an outlet's, or an announcement), the new one dated by its source.
        fresh = [i for i in after.evidence if dated(i) and own_words(i, change.side)]
        if before is None or not fresh or not before.own or set(before.positions) == set(after.positions):
            continue
        step = after.flexibility - before.flexibility
        if step == 0:
            continue
        # Topic labels keep their capitals (a proper name may lead them): named after a colon.
        words = f"{change.topic.label}: {change.side.name} moved from {gerunds(before.positions)} to " \
                f"{gerunds(after.positions)}"
        out.append(Movement("towards" if step > 0 else "away", "position", words, tuple(fresh), change.topic.id))
    return out


def status_movements(before: dict[str, str], after: dict[str, str], topics: dict[str, Topic],
                     evidence: dict[str, tuple[Item, ...]]) -> list[Movement]:
    """An issue becoming common ground (towards) or a sticking point again (away)."""
    out = []
    for topic_id, now in after.items():
        was = before.get(topic_id)
        if was == now or was not in STATUS_RANK or now not in STATUS_RANK or not evidence.get(topic_id):
            continue  # no change, no comparable status, or a change resting only on undated remarks
        direction = "towards" if STATUS_RANK[now] > STATUS_RANK[was] else "away"
        out.append(Movement(direction, "status", f"{topics[topic_id].label}: from {was} to {now}",
                            tuple(dict.fromkeys(evidence[topic_id]))))
    return out


def event_movements(today: list[Happening]) -> list[Movement]:
    """Today's events that move the talks; an event only an undated remark records (said "earlier",
    day unknown) is on the record, but shows no movement on this day."""
    out = []
    for happening in today:
        direction = happening.direction
        if direction and (dated(happening.item) or isinstance(happening.item, Report)):
            out.append(Movement(direction, "event", event_with_account(happening), (happening.item,)))
    return out


def side_tone(claims: list[Claim]) -> float:
    return sum(STANCE_RANK[c.stance] for c in claims) / len(claims)


def considered(events: list[Happening], changes: list[PositionChange], today: list[Claim],
               earlier_of: Callable[[str], list[Claim]]) -> list[Movement]:
    """What could have shown a movement today and did not (direction "none"): events without one,
    positions a side stated in its own dated words, and each side's tone compared with its own."""
    out = [Movement("none", "event", f"{event_phrase(h)} ({event_account(h) + '; ' if event_account(h) else ''}"
                                     "no direction)", (h.item,)) for h in events
           if h.direction is None and (dated(h.item) or isinstance(h.item, Report))]
    stated: dict[str, list] = {}
    for change in changes:
        own = tuple(i for i in change.after.evidence if dated(i) and own_words(i, change.side))
        if own:
            stated.setdefault(change.side.name, []).append((change.topic.label, own))
    for side, topics in stated.items():
        out.append(Movement("none", "position", f"{side} stated its position on {', '.join(t for t, _ in topics)}",
                            tuple(dict.fromkeys(i for _, own in topics for i in own))))
    today_ids = {id(c) for c in today}  # by identity: comparing claims field by field was a third of a year's analysis
    for movement in tone_movements(today, earlier_of, step=0.0):
        side = movement.text.removeprefix("tone of ").split(" more hopeful", 1)[0].split(" gloomier", 1)[0]
        out.append(Movement("none", "tone", f"tone of {side} much as before",
                            tuple(i for i in movement.evidence if id(i) in today_ids)))
    return out


def tone_movements(today: list[Claim], earlier_of: Callable[[str], list[Claim]], step: float = TONE_STEP) \
        -> list[Movement]:
    """Each side's outlook today (its dated claims with an outlook) against its own latest earlier
    one. With `step` 0 every comparison made is returned (to know whether one could be made)."""
    by_side: dict[str, list[Claim]] = {}
    sides: dict[str, Side] = {}
    for claim in today:
        side = claim.actor.side
        if side is None or claim.stance not in STANCE_RANK or not claim.counted or not dated(claim):
            continue
        by_side.setdefault(side.id, []).append(claim)
        sides[side.id] = side
    out = []
    for side_id, claims in by_side.items():
        earlier = earlier_of(side_id)
        if len(claims) < TONE_MIN_TODAY or not earlier:
            continue
        now, before = side_tone(claims), side_tone(earlier)
        if step and abs(now - before) < step:
            continue
        direction = "towards" if now >= before else "away"
        word = "more hopeful" if direction == "towards" else "gloomier"
        # (the sentence reads "tone of Broker State gloomier than on 1 May")
        out.append(Movement(direction, "tone", f"tone of {sides[side_id].name} {word} than on "
                            f"{earlier[-1].on:%-d %b} ({len(claims)} claims against {len(earlier)})",
                            tuple(claims) + tuple(earlier)))
    return out


def judge(movements_process: list[Movement], movements_tone: list[Movement], compared: list[Movement],
          against_of: Callable[[str], tuple[Item, ...]], article_of: Callable[[str], Article],
          notes: DayNotes | None, first: bool, corroborating: Callable[[list[Movement]], tuple[Item, ...]] = lambda m: ()
          ) -> Trend:
    """The day's trend from its movements (the rule of the module's docstring)."""
    if notes is not None and notes.trend:
        return Trend(notes.trend, by_editor=True, explanation="set by the editor")
    movements, kind = (movements_process, "process") if movements_process else (movements_tone, "tone")
    if not movements:
        if first:
            return Trend(None, explanation="first briefing: nothing to compare with")
        if compared:
            # What could have moved and did not, each linked: the reason for "unchanged".
            items = [i for m in compared for i in m.evidence]
            # Resting on tone comparisons alone, "unchanged" is tone too: one level less sure.
            kind = "tone" if all(m.kind == "tone" for m in compared) else "process"
            return Trend("unchanged", kind, movements=tuple(compared), basis=basis(items, article_of),
                         explanation="Unchanged: " + "; ".join(m.text for m in compared))
        return Trend(None, explanation="not enough reported to judge")
    directions = {m.direction for m in movements}
    value = "mixed" if len(directions) > 1 else directions.pop()
    items = [i for m in movements for i in m.evidence] + list(corroborating(movements))
    against = against_of(value) if value in ("towards", "away") else ()
    reason = "; ".join(m.text for m in movements)
    label = {"towards": "Towards a deal", "away": "Away from a deal", "mixed": "Mixed"}[value]
    if kind == "tone":
        label += " (tone only)"
    explanation = f"{label}: {reason}"
    return Trend(value, kind, tuple(movements), against, basis(items, article_of), False, explanation)
