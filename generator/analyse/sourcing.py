"""How well a day is sourced, and the tallies of tone by group of sides.

Counts say what they count: claims, speakers (the voices), outlets that published, and the
outlets the words were relayed through. A day resting on one outlet, or mostly on unnamed
sources, is said in plain words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.model import Article, Claim
from generator.schema import VOCABULARIES

# Parties first, then mediators, then everyone else; unknown sides last.
SIDE_ROLE_ORDER = {"party": 0, "mediator": 1, "other": 2}
GROUP_LABELS = {"party": "Parties", "mediator": "Mediators", "other": "Others", None: "Side not stated"}
STANCES = tuple(VOCABULARIES["stance"])


def counts(values, vocabulary_order, keep_zero: bool = False) -> tuple[tuple[str, int], ...]:
    counter = Counter(values)
    return tuple((v, counter[v]) for v in vocabulary_order if keep_zero or counter[v])


def stance_counts(claims) -> tuple[tuple[str, int], ...]:
    """(stance, count) for every stance, in vocabulary order: one row of a history table."""
    return counts((c.stance for c in claims), STANCES, keep_zero=True)


@dataclass(frozen=True)
class GroupTally:
    """Stances of one group of sides (parties, mediators, …) on one day."""

    role: str | None
    label: str
    counts: tuple[tuple[str, int], ...]
    """(stance, count) for every stance, in vocabulary order."""

    def count(self, stance: str) -> int:
        return dict(self.counts)[stance]


def tallies(claims) -> tuple[GroupTally, ...]:
    """Stance counts per group of sides present, parties first (claims counted as their speaker's)."""
    by_role: dict[str | None, list[Claim]] = {}
    for claim in claims:
        if claim.counted:
            by_role.setdefault(claim.actor.side.role if claim.actor.side else None, []).append(claim)
    order = sorted(by_role, key=lambda r: SIDE_ROLE_ORDER.get(r, len(SIDE_ROLE_ORDER)) if r else 99)
    return tuple(GroupTally(role, GROUP_LABELS.get(role, role or ""),
                            counts((c.stance for c in by_role[role]), STANCES, keep_zero=True)) for role in order)


@dataclass(frozen=True)
class Sourcing:
    counts: tuple[tuple[str, int], ...]
    """(sourcing, count) for every sourcing level, in vocabulary order."""
    total: int
    """Claims."""
    speakers: int
    """Distinct voices heard (actors)."""
    unnamed_speakers: int
    outlets: tuple[str, ...]
    """Outlets that published the day's articles (with their republisher)."""
    relays: tuple[str, ...]
    """Distinct `via` outlets the claims were given to or relayed through."""
    reports: int
    """The outlets' own accounts (reported:)."""
    uncounted: int
    """Claims whose attribution is unclear or disputed (in no tally)."""
    warnings: tuple[str, ...]
    """Plain-words warnings: one outlet, mostly unnamed, unattributed claims."""
    tallies: tuple[GroupTally, ...] = ()

    def share(self, sourcing: str) -> int:
        """Percentage of claims with this sourcing, rounded half up (as readers round)."""
        return int(100 * dict(self.counts)[sourcing] / self.total + 0.5) if self.total else 0


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def sourcing(claims: list[Claim], articles: tuple[Article, ...]) -> Sourcing:
    level_counts = counts((c.sourcing for c in claims), VOCABULARIES["sourcing"], keep_zero=True)
    total = len(claims)
    outlets = tuple(sorted({a.credit for a in articles}))
    relays = tuple(sorted({c.via for c in claims if c.via}))
    # A claim the article attributes to no one has no voice behind it: it is counted as a claim
    # (and warned of below), not as a speaker.
    speakers = {c.actor.key: c.actor for c in claims if c.voiced}
    unnamed = sum(1 for a in speakers.values() if a.kind == "unnamed-source")
    warnings = []
    if len(outlets) == 1 and total:
        warnings.append(f"Everything today rests on a single outlet, {outlets[0]}"
                        + (f" (relaying {plural(len(relays), 'other outlet')})." if relays else "."))
    named = dict(level_counts)
    if total and named["unnamed-source"] * 2 > total:
        warnings.append(f"Most of today's claims ({named['unnamed-source']} of {total}) come from unnamed sources.")
    if named["unattributed"]:
        n = named["unattributed"]
        warnings.append(f"{plural(n, 'claim')} today {'are' if n != 1 else 'is'} not attributed to anyone.")
    uncounted = sum(1 for c in claims if not c.counted)
    if uncounted:
        warnings.append(f"{plural(uncounted, 'claim')} today {'have' if uncounted != 1 else 'has'} an unclear or "
                        "disputed attribution and count in no tally, trend or position.")
    reports = sum(len(a.reports) for a in articles)
    return Sourcing(level_counts, total, len(speakers), unnamed, outlets, relays, reports, uncounted,
                    tuple(warnings), tallies(claims))
