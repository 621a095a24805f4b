"""Stage 3: clean validated data → an immutable `Corpus` of sides, topics, actors and articles.

References are resolved to objects here (a claim holds its `Actor`, an actor its
`Side`), so later stages never look ids up again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from generator.validate import Checked


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    role: str
    """party | mediator | other"""
    description: str | None = None
    aliases: tuple[str, ...] = ()
    """Other names readers may type for the side ("US", "American"): search finds its claims by them."""


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    kind: str = "issue"
    """issue | process | context: only issues have a row in the ledger."""
    aliases: tuple[str, ...] = ()
    """Other words readers may type for the topic ("truce" for a ceasefire)."""


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    """person | organisation | unnamed-source"""
    role: str | None
    side: Side | None
    """None when the source does not say which side the actor speaks for."""
    article: str | None = None
    """Key of the article the actor is local to; None for actors.yaml."""
    aliases: tuple[str, ...] = ()
    """Other spellings of the name, transliterations, full names, titles, as the registry lists them."""

    @property
    def key(self) -> str:
        """Unique across the corpus: local actors may reuse an id in another article."""
        return self.id if self.article is None else f"{self.article}--{self.id}"


@dataclass(frozen=True)
class Event:
    """A step in the talks a source reports: talks held, a delegation recalled, a deal reached."""

    type: str
    sides: tuple[Side, ...]
    """The sides that take part in it or take the step."""
    place: str | None = None
    dated: str = "as-said"
    """as-said | on-or-before: whether the step is dated by its record or only bounded by it."""


@dataclass(frozen=True)
class Claim:
    id: str
    article: str
    """Key of the article the claim is recorded in."""
    actor: Actor
    form: str
    text: str
    said_on: dt.date
    """The day it was said; with precision `before-publication`, the publication day (the latest
    it can have been said), which the site never shows as the day it was said."""
    said_on_precision: str
    """exact | before-publication | inferred"""
    sourcing: str
    stance: str
    topics: tuple[Topic, ...]
    positions: tuple[tuple[Topic, str], ...] = ()
    described_as: str | None = None
    venue: str | None = None
    via: str | None = None
    note: str | None = None
    attribution: str = "as-reported"
    """as-reported | unclear | disputed: only as-reported claims count in tallies, trends and positions."""
    attribution_note: str | None = None
    also_attributed_to: tuple[Actor, ...] = ()
    wording: str | None = None
    """For quotes: verbatim (None means the same) | outlet-rendering | translated."""
    about: Actor | Side | None = None
    """Whose position `positions` records, when not the speaker's own."""
    event: Event | None = None

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"

    @property
    def counted(self) -> bool:
        """Whether the claim counts as its actor's in tallies, trends and positions."""
        return self.attribution == "as-reported"

    @property
    def voiced(self) -> bool:
        """Whether someone is named or described as saying it: words the article attributes to
        no one are counted as a claim, never as a voice (a speaker) or as said by anyone."""
        return self.sourcing != "unattributed"

    @property
    def on(self) -> dt.date:
        """The day the claim is placed at (see `said_on`); shared with `Report` for the analysis."""
        return self.said_on

    @property
    def precision(self) -> str:
        return self.said_on_precision

    @property
    def date_exact(self) -> bool:
        return self.said_on_precision == "exact"

    @property
    def holder(self) -> Side | None:
        """The side whose position `positions` records."""
        return side_of(self.about) if self.about is not None else self.actor.side


@dataclass(frozen=True)
class Report:
    """What an outlet states in its own voice: shown as "according to <outlet>", never as a
    speaker's words."""

    id: str
    article: str
    about: Actor | Side
    form: str
    text: str
    date: dt.date
    """As for a claim's `said_on`: the publication day when `date_precision` is before-publication."""
    date_precision: str
    topics: tuple[Topic, ...]
    positions: tuple[tuple[Topic, str], ...] = ()
    via: str | None = None
    stance: str | None = None
    event: Event | None = None
    note: str | None = None

    @property
    def anchor(self) -> str:
        return f"report-{self.id}"

    counted = True
    """An outlet's account always counts as the outlet's (never as a speaker's)."""

    @property
    def on(self) -> dt.date:
        return self.date

    @property
    def precision(self) -> str:
        return self.date_precision

    @property
    def holder(self) -> Side | None:
        return side_of(self.about)


def side_of(subject: Actor | Side | None) -> Side | None:
    return subject if isinstance(subject, Side) else subject.side if subject is not None else None


@dataclass(frozen=True)
class Caveat:
    kind: str
    text: str
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    key: str
    """The file name without .yaml: YYYY-MM-DD-slug, unique in the corpus."""
    path: str
    """Path of the YAML file relative to briefings/."""
    slug: str
    outlet: str
    published: dt.date
    published_precision: str
    language: str
    completeness: str
    claims: tuple[Claim, ...]
    caveats: tuple[Caveat, ...] = ()
    actors: tuple[Actor, ...] = ()
    reports: tuple[Report, ...] = ()
    """What the outlet states in its own voice, in the file's order."""
    headline: str | None = None
    subheadline: str | None = None
    republished_by: str | None = None
    byline: str | None = None
    url: str | None = None
    date_note: str | None = None
    source_text: str | None = None
    original_published: dt.date | None = None
    """For a republication: the original's date, when the page gives it."""

    @property
    def credit(self) -> str:
        """The outlet as a reader should see it: "Anadolu Agency, via Middle East Monitor"."""
        return f"{self.outlet}, via {self.republished_by}" if self.republished_by else self.outlet

    def anchor_of(self, ident: str) -> str:
        """The anchor of a claim or a report of this article, by id (they share one set of ids)."""
        return next((r.anchor for r in self.reports if r.id == ident), f"claim-{ident}")

    def caveats_for(self, claim_id: str) -> tuple[Caveat, ...]:
        return tuple(c for c in self.caveats if claim_id in c.claims)


@dataclass(frozen=True)
class DayNotes:
    """The editor's notes for one day's briefing (briefings/days/YYYY-MM-DD.yaml)."""

    date: dt.date
    status: str | None = None
    stage: str | None = None
    state: str | None = None
    trend: str | None = None
    summary: str | None = None
    """Markdown; made safe by `sanitise` when rendered."""


@dataclass(frozen=True)
class Corpus:
    sides: tuple[Side, ...]
    topics: tuple[Topic, ...]
    actors: tuple[Actor, ...]
    """The registry (actors.yaml); article-local actors live on their article."""
    articles: tuple[Article, ...]
    """Sorted by publication date, then key."""
    day_notes: tuple[DayNotes, ...] = ()
    """Sorted by date."""

    # Lookups are dictionaries built on first use: templates look articles up once per claim,
    # and a linear scan there would make rendering quadratic in the size of the corpus.
    @cached_property
    def _index(self) -> dict:
        return {
            "side": {s.id: s for s in self.sides},
            "topic": {t.id: t for t in self.topics},
            "actor": {a.id: a for a in self.actors},
            "article": {a.key: a for a in self.articles},
            "notes": {n.date: n for n in self.day_notes},
        }

    def side(self, ident: str) -> Side | None:
        return self._index["side"].get(ident)

    def topic(self, ident: str) -> Topic | None:
        return self._index["topic"].get(ident)

    def actor(self, ident: str) -> Actor | None:
        return self._index["actor"].get(ident)

    def article(self, key: str) -> Article | None:
        return self._index["article"].get(key)

    def notes_for(self, date: dt.date) -> DayNotes | None:
        return self._index["notes"].get(date)

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for a in self.articles for c in a.claims)

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        return tuple(r for a in self.articles for r in a.reports)


def _strip(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


@dataclass(frozen=True)
class Registry:
    """The sides, topics and actors every article refers to, with lookups by id."""

    sides: tuple[Side, ...]
    topics: tuple[Topic, ...]
    actors: tuple[Actor, ...]

    @cached_property
    def side_by_id(self) -> dict[str, Side]:
        return {s.id: s for s in self.sides}

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}


def _actor(record: dict, sides: dict[str, Side], article: str | None = None) -> Actor:
    return Actor(record["id"], record["name"], record["kind"], record.get("role"), sides.get(record.get("side")),
                 article, tuple(record.get("aliases", ())))


def _with_aliases(record: dict) -> dict:
    """A side's or topic's fields, its aliases as a tuple (the model is frozen and hashable)."""
    fields = _strip(record)
    if "aliases" in fields:
        fields["aliases"] = tuple(fields["aliases"])
    return fields


def build_registry(records: dict[str, dict]) -> Registry:
    """The registries from validated data (relpath → record, as in `Checked.records`)."""
    sides = tuple(Side(**_with_aliases(s)) for s in records.get("sides.yaml", {}).get("sides", []))
    side_by_id = {s.id: s for s in sides}
    topics = tuple(Topic(**_with_aliases(t)) for t in records.get("topics.yaml", {}).get("topics", []))
    actors = tuple(_actor(a, side_by_id) for a in records.get("actors.yaml", {}).get("actors", []))
    return Registry(sides, topics, actors)


def build_article(relpath: str, data: dict, registry: Registry) -> Article:
    """One validated article file; fields are read by name, so positions kept beside them
    (the `_at…` keys) are never copied."""
    key = relpath.rsplit("/", 1)[1][: -len(".yaml")]
    meta = data["article"]
    local = tuple(_actor(a, registry.side_by_id, key) for a in data.get("actors", []))
    known = registry.actor_by_id
    if local:
        known = {**known, **{a.id: a for a in local}}
    topic_by_id = registry.topic_by_id
    side_by_id = registry.side_by_id
    published = meta["published"]

    def subject(ident):  # an actor id, else a side id (as validation resolved it)
        return None if ident is None else known.get(ident) or side_by_id[ident]

    def event(record):
        if record is None:
            return None
        return Event(record["type"], tuple(side_by_id[s] for s in record["sides"]), record.get("place"),
                     record.get("dated", "as-said"))

    def positions(item):
        return tuple((topic_by_id[t], p) for t, p in item.get("positions", {}).items())

    claims = []
    for c in data.get("claims", []):
        get = c.get
        said_on = get("said_on")
        claims.append(Claim(
            id=c["id"], article=key, actor=known[c["actor"]], form=c["form"], text=c["text"],
            said_on=said_on or published,
            said_on_precision=get("said_on_precision") or ("exact" if said_on else "before-publication"),
            sourcing=c["sourcing"], stance=c["stance"],
            topics=tuple(topic_by_id[t] for t in c["topics"]), positions=positions(c),
            described_as=get("described_as"), venue=get("venue"), via=get("via"), note=get("note"),
            attribution=get("attribution", "as-reported"), attribution_note=get("attribution_note"),
            also_attributed_to=tuple(known[a] for a in get("also_attributed_to", ())),
            wording=get("wording"), about=subject(get("about")), event=event(get("event")),
        ))
    reports = []
    for r in data.get("reported", []):
        get = r.get
        date = get("date")
        reports.append(Report(
            id=r["id"], article=key, about=subject(r["about"]), form=r["form"], text=r["text"],
            date=date or published, date_precision=get("date_precision") or ("exact" if date else "before-publication"),
            topics=tuple(topic_by_id[t] for t in r["topics"]), positions=positions(r), via=get("via"),
            stance=get("stance"), event=event(get("event")), note=get("note"),
        ))
    caveats = tuple(Caveat(v["kind"], v["text"], tuple(v.get("claims", ()))) for v in data.get("caveats", []))
    get = meta.get
    return Article(
        key=key, path=relpath, slug=key[11:], outlet=meta["outlet"], published=published,
        published_precision=meta["published_precision"], language=meta["language"],
        completeness=meta["completeness"], claims=tuple(claims), caveats=caveats, actors=local,
        reports=tuple(reports),
        headline=get("headline"), subheadline=get("subheadline"),
        republished_by=get("republished_by"), byline=get("byline"), url=get("url"),
        date_note=get("date_note"), source_text=get("source_text"), original_published=get("original_published"),
    )


def build_day_notes(data: dict) -> DayNotes:
    return DayNotes(date=data["date"], **_strip(data["day"]))


def assemble(registry: Registry, articles, notes) -> Corpus:
    """The corpus in its canonical order, however the files were read."""
    return Corpus(registry.sides, registry.topics, registry.actors,
                  tuple(sorted(articles, key=lambda a: (a.published, a.key))),
                  tuple(sorted(notes, key=lambda n: n.date)))


def build_model(checked: Checked) -> Corpus:
    """Build the corpus from validated data; call only when `checked.problems` is empty."""
    records = checked.records
    registry = build_registry(records)
    articles = [build_article(relpath, data, registry) for relpath, data in records.items()
                if relpath.startswith("articles/")]
    notes = [build_day_notes(data) for relpath, data in records.items() if relpath.startswith("days/")]
    return assemble(registry, articles, notes)
