"""Stage 4: the corpus → briefings: each day's state, trend, sticking points, changes and
sourcing, plus the views that follow an actor, a topic or a side over time.

Every judgement the site shows is computed here, by the rules documented on the
Method page (docs/method.md), so templates only lay out. The whole corpus is
analysed before anything is rendered.
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model import Actor, Article, Caveat, Claim, Corpus, DayNotes, Side, Topic
from generator.schema import VOCABULARIES

# Parties first, then mediators, then everyone else; unknown sides last.
SIDE_ROLE_ORDER = {"party": 0, "mediator": 1, "other": 2}
GROUP_LABELS = {"party": "Parties", "mediator": "Mediators", "other": "Others", None: "Side not stated"}
# Stances with an outlook, in order from worst to best; neutral claims have none.
STANCE_RANK = {"pessimistic": 0, "cautious": 1, "optimistic": 2}
STANCES = tuple(VOCABULARIES["stance"])
# The trend rule: a group's balance moving by at least this much counts as movement.
TREND_THRESHOLD = 0.25
from generator.pipeline import DEFAULT_WINDOW_DAYS  # one default for every entry point
# Quotes shorter than this (after normalising) are too common to match across outlets.
MIN_ECHO_WORDS = 4


# --- small values -------------------------------------------------------------------

@dataclass(frozen=True)
class ActorClaims:
    actor: Actor
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class SideClaims:
    side: Side | None
    """None: the sources do not say which side these speakers are on."""
    actors: tuple[ActorClaims, ...]

    @property
    def claim_count(self) -> int:
        return sum(len(a.claims) for a in self.actors)


@dataclass(frozen=True)
class GroupTally:
    """Stances of one group of sides (parties, mediators, …) on one day."""

    role: str | None
    label: str
    counts: tuple[tuple[str, int], ...]
    """(stance, count) for every stance, in vocabulary order."""
    balance: float | None
    """(optimistic − pessimistic) / claims with an outlook; None when there are none."""

    def count(self, stance: str) -> int:
        return dict(self.counts)[stance]


@dataclass(frozen=True)
class Trend:
    value: str | None
    """improved | deteriorated | unchanged | mixed; None when there is nothing to compare."""
    by_editor: bool
    explanation: str
    """The rule's inputs in words, shown beside the arrow."""


@dataclass(frozen=True)
class Stand:
    """A side's latest position on a topic, and the claim it rests on."""

    side: Side
    position: str
    claim: Claim


@dataclass(frozen=True)
class TopicStands:
    topic: Topic
    stands: tuple[Stand, ...]


@dataclass(frozen=True)
class StanceShift:
    actor: Actor
    before: Claim
    after: Claim

    @property
    def direction(self) -> str:
        return "up" if STANCE_RANK[self.after.stance] > STANCE_RANK[self.before.stance] else "down"


@dataclass(frozen=True)
class Changes:
    """What changed since the previous briefing."""

    new_actors: tuple[Actor, ...] = ()
    shifts: tuple[StanceShift, ...] = ()
    new_topics: tuple[Topic, ...] = ()
    sticking_opened: tuple[Topic, ...] = ()
    sticking_resolved: tuple[Topic, ...] = ()
    missing_actors: tuple[Actor, ...] = ()
    """Registry actors heard at the previous briefing but not today."""
    missing_sides: tuple[Side, ...] = ()
    """Parties and mediators heard in the window before today but not today."""

    @property
    def empty(self) -> bool:
        return not any((self.new_actors, self.shifts, self.new_topics, self.sticking_opened,
                        self.sticking_resolved, self.missing_actors, self.missing_sides))


@dataclass(frozen=True)
class Sourcing:
    counts: tuple[tuple[str, int], ...]
    """(sourcing, count) for every sourcing level, in vocabulary order."""
    total: int
    outlets: tuple[str, ...]
    relays: tuple[str, ...]
    """Distinct `via` outlets the claims were given to or relayed through."""
    warnings: tuple[str, ...]
    """Plain-words warnings: one outlet, mostly unnamed, unattributed claims."""

    def share(self, sourcing: str) -> int:
        """Percentage of claims with this sourcing, rounded."""
        # Half up, as readers round (Python's round() rounds halves to even).
        return int(100 * dict(self.counts)[sourcing] / self.total + 0.5) if self.total else 0


@dataclass(frozen=True)
class Day:
    date: dt.date
    articles: tuple[Article, ...]
    sides: tuple[SideClaims, ...]
    caveats: tuple[tuple[Article, Caveat], ...]
    previous: dt.date | None
    next: dt.date | None
    claim_count: int
    outlets: tuple[str, ...]
    stance_counts: tuple[tuple[str, int], ...]
    """(stance, count) in vocabulary order, only stances that occur."""
    sourcing_counts: tuple[tuple[str, int], ...]
    notes: DayNotes | None = None
    tallies: tuple[GroupTally, ...] = ()
    state_line: str = ""
    state_by_editor: bool = False
    trend: Trend = Trend(None, False, "")
    sticking_points: tuple[TopicStands, ...] = ()
    common_ground: tuple[TopicStands, ...] = ()
    changes: Changes = Changes()
    sourcing: Sourcing | None = None


@dataclass(frozen=True)
class StripCell:
    date: dt.date
    stance: str
    claim: Claim


@dataclass(frozen=True)
class Contradiction:
    """Two claims of one actor, said the same day, pointing different ways."""

    date: dt.date
    first: Claim
    second: Claim


@dataclass(frozen=True)
class ActorView:
    actor: Actor
    claims: tuple[Claim, ...]
    """Newest first; a quote reported by several outlets is listed once."""
    strip: tuple[StripCell, ...]
    """Oldest first: the stance-over-time strip."""
    shifts: tuple[StanceShift, ...]
    contradictions: tuple[Contradiction, ...]
    claim_count: int
    first_heard: dt.date | None
    last_heard: dt.date | None


@dataclass(frozen=True)
class PositionEntry:
    date: dt.date
    side: Side | None
    actor: Actor
    position: str
    claim: Claim


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    by_side: tuple[SideClaims, ...]
    positions: tuple[PositionEntry, ...]
    """Oldest first."""
    sticking_now: TopicStands | None
    """Set when the topic is a sticking point at the latest briefing."""
    common_now: TopicStands | None
    claim_count: int
    claims: tuple[Claim, ...] = ()
    """Oldest first (as reported); a quote reported by several outlets is listed once."""


@dataclass(frozen=True)
class SideView:
    side: Side | None
    actors: tuple[tuple[Actor, int], ...]
    """Actors with their number of claims; registry actors first, then unnamed local ones."""


@dataclass(frozen=True)
class Briefings:
    corpus: Corpus
    days: tuple[Day, ...]
    """Oldest first."""
    actors: tuple[ActorView, ...] = ()
    """Registry actors with at least one claim, by name."""
    topics: tuple[TopicView, ...] = ()
    sides: tuple[SideView, ...] = ()
    echoes: dict = field(default_factory=dict)
    """(article key, claim id) → other claims carrying the same quote, in other articles."""
    window_days: int = DEFAULT_WINDOW_DAYS

    @property
    def latest(self) -> Day | None:
        return self.days[-1] if self.days else None

    def day(self, date: dt.date) -> Day | None:
        return next((d for d in self.days if d.date == date), None)

    def also_reported(self, claim: Claim) -> tuple[Claim, ...]:
        return self.echoes.get((claim.article, claim.id), ())

    def actor_view(self, actor: Actor) -> ActorView | None:
        return next((v for v in self.actors if v.actor.key == actor.key), None)


# --- grouping and counting ------------------------------------------------------------

def _side_order(side: Side | None, position: dict[str, int]) -> tuple[int, int]:
    if side is None:
        return (len(SIDE_ROLE_ORDER), 0)
    return (SIDE_ROLE_ORDER.get(side.role, len(SIDE_ROLE_ORDER)), position.get(side.id, 0))


def group_by_side(claims, sides_order: tuple[Side, ...]) -> tuple[SideClaims, ...]:
    """Claims → sides (parties, mediators, others, unknown) → actors in order of first appearance."""
    position = {s.id: i for i, s in enumerate(sides_order)}
    by_side: dict[str | None, dict[str, list[Claim]]] = {}
    actors: dict[str, Actor] = {}
    sides: dict[str | None, Side | None] = {}
    for claim in claims:
        side = claim.actor.side
        sid = side.id if side else None
        sides[sid] = side
        actors[claim.actor.key] = claim.actor
        by_side.setdefault(sid, {}).setdefault(claim.actor.key, []).append(claim)
    return tuple(
        SideClaims(sides[sid], tuple(ActorClaims(actors[key], tuple(cs)) for key, cs in by_side[sid].items()))
        for sid in sorted(by_side, key=lambda s: _side_order(sides[s], position))
    )


def _counts(values, vocabulary_order, keep_zero: bool = False) -> tuple[tuple[str, int], ...]:
    counter = Counter(values)
    return tuple((v, counter[v]) for v in vocabulary_order if keep_zero or counter[v])


def stance_counts(claims) -> tuple[tuple[str, int], ...]:
    """(stance, count) for every stance, in vocabulary order: one row of a history table."""
    return _counts((c.stance for c in claims), STANCES, keep_zero=True)


def _role(claim: Claim) -> str | None:
    return claim.actor.side.role if claim.actor.side else None


def balance(claims) -> float | None:
    """(optimistic − pessimistic) / claims with an outlook (neutral claims have none)."""
    counter = Counter(c.stance for c in claims)
    with_outlook = counter["optimistic"] + counter["cautious"] + counter["pessimistic"]
    return (counter["optimistic"] - counter["pessimistic"]) / with_outlook if with_outlook else None


def tallies(claims) -> tuple[GroupTally, ...]:
    """Stance counts per group of sides present, parties first."""
    by_role: dict[str | None, list[Claim]] = {}
    for claim in claims:
        by_role.setdefault(_role(claim), []).append(claim)
    order = sorted(by_role, key=lambda r: SIDE_ROLE_ORDER.get(r, len(SIDE_ROLE_ORDER)) if r else 99)
    return tuple(GroupTally(role, GROUP_LABELS.get(role, role or ""), _counts((c.stance for c in by_role[role]),
                                                                              STANCES, keep_zero=True),
                            balance(by_role[role])) for role in order)


def state_line(day_tallies: tuple[GroupTally, ...], claims) -> str:
    """What the data supports, e.g. "Parties: 0 optimistic, 4 cautious, 1 pessimistic · … · 6 sources, 3 unnamed"."""
    parts = []
    for tally in day_tallies:
        counts = [f"{tally.count(s)} {s}" for s in ("optimistic", "cautious", "pessimistic")]
        if tally.count("neutral"):
            counts.append(f"{tally.count('neutral')} neutral")
        parts.append(f"{tally.label}: {', '.join(counts)}")
    speakers = {c.actor.key: c.actor for c in claims}
    unnamed = sum(1 for a in speakers.values() if a.kind == "unnamed-source")
    sources = f"{len(speakers)} source{'s' if len(speakers) != 1 else ''}"
    if unnamed:
        sources += f", {unnamed} of them unnamed" if len(speakers) > 1 else ", unnamed"
    parts.append(sources)
    return " · ".join(parts)


def trend(today: tuple[GroupTally, ...], previous: tuple[GroupTally, ...] | None,
          notes: DayNotes | None) -> Trend:
    """CrisisWatch-style movement against the previous briefing (rule on the Method page).

    For parties and for mediators: balance = (optimistic − pessimistic) / claims with an
    outlook. A group moved up (down) when its balance rose (fell) by at least
    TREND_THRESHOLD since the previous briefing. Improved: some group up, none down;
    deteriorated: some down, none up; mixed: one up and one down; unchanged: groups
    compared, none moved. The editor's `trend` replaces the computed one.
    """
    if notes and notes.trend:
        return Trend(notes.trend, True, "set by the editor")
    if previous is None:
        return Trend(None, False, "first briefing: nothing to compare with")
    before = {t.role: t.balance for t in previous}
    now = {t.role: t.balance for t in today}
    moves, words = [], []
    for role in ("party", "mediator"):
        label = GROUP_LABELS[role].lower()
        if now.get(role) is None or before.get(role) is None:
            words.append(f"{label}: not heard with an outlook on both days")
            continue
        delta = now[role] - before[role]
        move = "up" if delta >= TREND_THRESHOLD else "down" if delta <= -TREND_THRESHOLD else "flat"
        moves.append(move)
        words.append(f"{label}: balance {before[role]:+.2f} → {now[role]:+.2f} ({move})")
    explanation = "; ".join(words)
    if not moves:
        return Trend(None, False, explanation + " — no comparison possible")
    if "up" in moves and "down" in moves:
        value = "mixed"
    elif "up" in moves:
        value = "improved"
    elif "down" in moves:
        value = "deteriorated"
    else:
        value = "unchanged"
    return Trend(value, False, explanation)


def _chronological(corpus: Corpus) -> Callable[[Claim], int]:
    """A sort key putting claims in the order they were said: by date said, then by date
    published, then as the corpus lists them. Ranked once for the whole corpus, by object
    identity (claims are compared and sorted hundreds of thousands of times in a year's
    analysis; a tuple key built each time was a fifth of it)."""
    published = {a.key: a.published for a in corpus.articles}
    claims = corpus.claims
    ranked = sorted(range(len(claims)), key=lambda i: (claims[i].said_on, published[claims[i].article], i))
    rank = {id(claims[i]): r for r, i in enumerate(ranked)}
    return lambda claim: rank[id(claim)]


def stands(claims, chronological: Callable[[Claim], int]) -> dict[str, dict[str, Stand]]:
    """topic id → party side id → that side's latest position (by date said, then publication)."""
    latest: dict[str, dict[str, Stand]] = {}
    for claim in sorted(claims, key=chronological):
        side = claim.holder
        if side is None or side.role != "party" or not claim.counted:
            continue
        for topic, position in claim.positions:
            latest.setdefault(topic.id, {})[side.id] = Stand(side, position, claim)
    return latest


def sticking_and_common(latest: dict[str, dict[str, Stand]], topics: tuple[Topic, ...],
                        sides: tuple[Side, ...] = ()):
    """Sticking point: one party side demands what another rejects. Common ground: two or more
    party sides accept (or one demands what another accepts) and none rejects."""
    sticking, common = [], []
    for topic in topics:
        by_side = latest.get(topic.id, {})
        positions = {s.position for s in by_side.values()}
        demanders = {sid for sid, s in by_side.items() if s.position == "demands"}
        rejecters = {sid for sid, s in by_side.items() if s.position == "rejects"}
        acceptors = {sid for sid, s in by_side.items() if s.position == "accepts"}
        position = {s.id: i for i, s in enumerate(sides)}
        entry = TopicStands(topic, tuple(by_side[sid] for sid in sorted(by_side, key=lambda x: (position.get(x, 0), x))))
        if demanders and rejecters and (demanders | rejecters) != (demanders & rejecters):
            if len(demanders | rejecters) >= 2:
                sticking.append(entry)
                continue
        if "rejects" not in positions and len(acceptors) >= 1 and len(acceptors | demanders) >= 2:
            common.append(entry)
    return tuple(sticking), tuple(common)


class _NoPunctuation(dict):
    """A `str.translate` table that deletes punctuation (Unicode categories P*), filled in as
    characters are met: a table lookup per character instead of a call to `unicodedata`
    (that call was a third of a year's analysis)."""

    def __missing__(self, code: int):
        value = None if unicodedata.category(chr(code)).startswith("P") else code
        self[code] = value
        return value


_NO_PUNCTUATION = _NoPunctuation()


def normalise_quote(text: str) -> str:
    """Equal quotes across outlets: case, punctuation and whitespace ignored."""
    return " ".join(text.casefold().translate(_NO_PUNCTUATION).split())


def echoes(claims) -> dict[tuple[str, str], tuple[Claim, ...]]:
    """One speaker's quote carried by several articles: (article, claim id) → the other carriers.
    The same words from another speaker are another quote."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        if claim.form == "quote":
            words = normalise_quote(claim.text)
            if len(words.split()) >= MIN_ECHO_WORDS:
                groups.setdefault((claim.actor.key, words), []).append(claim)
    out: dict[tuple[str, str], tuple[Claim, ...]] = {}
    for group in groups.values():
        if len({c.article for c in group}) < 2:
            continue
        for claim in group:
            out[(claim.article, claim.id)] = tuple(c for c in group if c.article != claim.article)
    return out


def _sourcing(claims, articles) -> Sourcing:
    counts = _counts((c.sourcing for c in claims), VOCABULARIES["sourcing"], keep_zero=True)
    total = len(claims)
    outlets = tuple(sorted({a.outlet for a in articles}))
    relays = tuple(sorted({c.via for c in claims if c.via}))
    warnings = []
    if len(outlets) == 1 and total:
        warnings.append(f"Everything today rests on a single outlet, {outlets[0]}.")
    unnamed = dict(counts)["unnamed-source"]
    if total and unnamed * 2 > total:
        warnings.append(f"Most of today's claims ({unnamed} of {total}) come from unnamed sources.")
    unattributed = dict(counts)["unattributed"]
    if unattributed:
        warnings.append(f"{unattributed} claim{'s' if unattributed != 1 else ''} today "
                        f"{'are' if unattributed != 1 else 'is'} not attributed to anyone.")
    return Sourcing(counts, total, outlets, relays, tuple(warnings))


def _outlook_by_day(actor_claims: list[Claim]) -> list[Claim]:
    """An actor's stance on a day is that of their last claim with an outlook that day."""
    last: dict[dt.date, Claim] = {}
    for claim in actor_claims:  # chronological
        if claim.stance in STANCE_RANK and claim.counted:
            last[claim.said_on] = claim
    return [last[d] for d in sorted(last)]


def _shift(actor_claims: list[Claim]) -> list[StanceShift]:
    """Changes of stance between consecutive days on which the actor was heard, oldest first."""
    days = _outlook_by_day(actor_claims)
    return [StanceShift(after.actor, before, after) for before, after in zip(days, days[1:])
            if before.stance != after.stance]


def _outlet_of(claim: Claim) -> tuple:
    return (claim.via or "", claim.venue or "", claim.article if not claim.via else "")


def _contradictions(actor_claims: list[Claim]) -> list[Contradiction]:
    """Same actor, same day, different outlook, given to different outlets or in different
    venues (a hedge inside one interview is not a contradiction)."""
    by_date: dict[dt.date, list[Claim]] = {}
    for claim in actor_claims:
        # Only remarks the source dates: two undated remarks are not known to share a day.
        if claim.stance in STANCE_RANK and claim.date_exact and claim.counted:
            by_date.setdefault(claim.said_on, []).append(claim)
    found = []
    for date, claims in sorted(by_date.items()):
        pair = next(((a, b) for i, a in enumerate(claims) for b in claims[i + 1:]
                     if a.stance != b.stance and _outlet_of(a) != _outlet_of(b)), None)
        if pair:
            found.append(Contradiction(date, *pair))
    return found


# --- the whole corpus ------------------------------------------------------------------

def analyse(corpus: Corpus, window_days: int = DEFAULT_WINDOW_DAYS) -> Briefings:
    chronological = _chronological(corpus)  # the corpus's own claim objects, alive throughout

    by_date: dict[dt.date, list[Article]] = {}
    for article in corpus.articles:
        by_date.setdefault(article.published, []).append(article)
    dates = sorted(by_date)
    day_claims = {d: [c for a in by_date[d] for c in a.claims] for d in dates}

    days: list[Day] = []
    seen_actors: set[str] = set()
    seen_topics: set[str] = set()
    known_outlooks: dict[str, list[Claim]] = {}
    prev_sticking: set[str] = set()
    for i, date in enumerate(dates):
        articles = tuple(by_date[date])
        claims = day_claims[date]
        notes = corpus.notes_for(date)
        prev_date = dates[i - 1] if i else None
        first = bisect.bisect_right(dates, date - dt.timedelta(days=window_days))  # dates are sorted
        window = [c for d in dates[first:i + 1] for c in day_claims[d]]
        earlier_window = [c for d in dates[first:i] for c in day_claims[d]]
        day_tallies = tallies([c for c in claims if c.counted])
        sticking, common = sticking_and_common(stands(window, chronological), corpus.topics, corpus.sides)

        today_keys = {c.actor.key for c in claims}
        # An actor's stance today is their latest remark with an outlook, by the date it was
        # said; it is compared with their latest remark said before it and reported by today.
        # (A remark first reported late is not a move.)
        shifts = []
        today_outlook: dict[str, Claim] = {}
        for claim in sorted(claims, key=chronological):
            if claim.stance in STANCE_RANK and claim.counted:
                today_outlook[claim.actor.key] = claim
        for key, claim in today_outlook.items():
            # known_outlooks[key] is kept in chronological order, so the latest remark said
            # before this one is the last of those said on an earlier date (a bisection, not
            # a scan of everything the actor ever said: that made a year's analysis quadratic).
            known = known_outlooks.get(key, [])
            at = bisect.bisect_left(known, claim.said_on, key=lambda c: c.said_on)
            before = known[at - 1] if at else None
            if before is not None and before.stance != claim.stance:
                shifts.append(StanceShift(claim.actor, before, claim))
        sticking_ids = {t.topic.id for t in sticking}
        prev_claims = day_claims[prev_date] if prev_date else []
        heard_sides = {c.actor.side.id for c in claims if c.actor.side}
        changes = Changes(
            new_actors=tuple({c.actor.key: c.actor for c in claims if c.actor.key not in seen_actors}.values()),
            shifts=tuple(shifts),
            new_topics=tuple(t for t in corpus.topics
                             if t.id not in seen_topics and any(t in c.topics for c in claims)),
            sticking_opened=tuple(t.topic for t in sticking if t.topic.id not in prev_sticking) if i else (),
            sticking_resolved=tuple(t for t in corpus.topics if t.id in prev_sticking - sticking_ids),
            missing_actors=tuple({c.actor.key: c.actor for c in prev_claims
                                  if c.actor.article is None and c.actor.key not in today_keys}.values()),
            missing_sides=tuple(s for s in corpus.sides if s.role in ("party", "mediator")
                                and s.id not in heard_sides
                                and any(c.actor.side and c.actor.side.id == s.id for c in earlier_window)),
        )
        generated = state_line(day_tallies, claims)
        days.append(Day(
            date=date,
            articles=articles,
            sides=group_by_side(claims, corpus.sides),
            caveats=tuple((a, c) for a in articles for c in a.caveats),
            previous=prev_date,
            next=dates[i + 1] if i + 1 < len(dates) else None,
            claim_count=len(claims),
            outlets=tuple(sorted({a.outlet for a in articles})),
            stance_counts=_counts((c.stance for c in claims), STANCES),
            sourcing_counts=_counts((c.sourcing for c in claims), VOCABULARIES["sourcing"]),
            notes=notes,
            tallies=day_tallies,
            state_line=notes.state if notes and notes.state else generated,
            state_by_editor=bool(notes and notes.state),
            trend=trend(day_tallies, days[-1].tallies if days else None, notes),
            sticking_points=sticking,
            common_ground=common,
            changes=changes,
            sourcing=_sourcing(claims, articles),
        ))
        seen_actors |= today_keys
        seen_topics |= {t.id for c in claims for t in c.topics}
        for claim in claims:
            if claim.stance in STANCE_RANK and claim.counted:
                bisect.insort(known_outlooks.setdefault(claim.actor.key, []), claim, key=chronological)
        prev_sticking = sticking_ids

    all_echoes = echoes(corpus.claims)
    latest = days[-1] if days else None
    return Briefings(
        corpus=corpus,
        days=tuple(days),
        actors=_actor_views(corpus, chronological, all_echoes),
        topics=_topic_views(corpus, latest, all_echoes),
        sides=_side_views(corpus, all_echoes),
        echoes=all_echoes,
        window_days=window_days,
    )


def _actor_views(corpus, chronological, all_echoes) -> tuple[ActorView, ...]:
    claims_of: dict[str, list[Claim]] = {}
    for claim in corpus.claims:
        claims_of.setdefault(claim.actor.key, []).append(claim)
    views = []
    for actor in sorted(corpus.actors, key=lambda a: (a.name.casefold(), a.id)):
        claims = sorted(claims_of.get(actor.key, []), key=chronological)
        if not claims:
            continue
        listed = _distinct(claims, all_echoes)  # a quote carried by several outlets is listed once
        views.append(ActorView(
            actor=actor,
            claims=tuple(reversed(listed)),
            strip=tuple(StripCell(c.said_on, c.stance, c) for c in listed if c.counted),
            shifts=tuple(_shift(listed)),
            contradictions=tuple(_contradictions(listed)),
            claim_count=len(listed),
            first_heard=claims[0].said_on,
            last_heard=claims[-1].said_on,
        ))
    return tuple(views)


def _topic_views(corpus: Corpus, latest: Day | None, all_echoes) -> tuple[TopicView, ...]:
    views = []
    by_topic: dict[str, list[Claim]] = {t.id: [] for t in corpus.topics}
    for claim in _distinct(corpus.claims, all_echoes):  # one pass, not one per topic
        for ident in dict.fromkeys(t.id for t in claim.topics):
            by_topic.setdefault(ident, []).append(claim)
    for topic in corpus.topics:
        claims = by_topic[topic.id]
        positions = tuple(PositionEntry(c.said_on, c.holder, c.actor, p, c)
                          for c in claims if c.counted for t, p in c.positions if t == topic)
        views.append(TopicView(
            topic=topic,
            by_side=group_by_side(claims, corpus.sides),
            positions=tuple(sorted(positions, key=lambda e: e.date)),
            sticking_now=next((s for s in latest.sticking_points if s.topic == topic), None) if latest else None,
            common_now=next((s for s in latest.common_ground if s.topic == topic), None) if latest else None,
            claim_count=len(claims),
            claims=tuple(claims),
        ))
    return tuple(views)


def _distinct(claims, all_echoes) -> list[Claim]:
    """Claims with each quote carried by several articles kept once (the first reported)."""
    kept, seen = [], set()
    for claim in claims:
        if (claim.article, claim.id) in seen:
            continue
        kept.append(claim)
        seen |= {(c.article, c.id) for c in all_echoes.get((claim.article, claim.id), ())}
    return kept


def _side_views(corpus: Corpus, all_echoes) -> tuple[SideView, ...]:
    counts = Counter(c.actor.key for c in _distinct(corpus.claims, all_echoes))
    local = {c.actor.key: c.actor for c in corpus.claims if c.actor.article is not None}
    position = {s.id: i for i, s in enumerate(corpus.sides)}
    views = []
    for side in sorted(list(corpus.sides) + [None], key=lambda s: _side_order(s, position)):
        sid = side.id if side else None
        registry = [(a, counts[a.key]) for a in corpus.actors if (a.side.id if a.side else None) == sid]
        unnamed = [(a, counts[a.key]) for a in local.values() if (a.side.id if a.side else None) == sid]
        if side is None and not registry and not unnamed:
            continue
        views.append(SideView(side, tuple(registry) + tuple(sorted(unnamed, key=lambda x: x[0].key))))
    return tuple(views)
