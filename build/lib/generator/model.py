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


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str


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

    @property
    def key(self) -> str:
        """Unique across the corpus: local actors may reuse an id in another article."""
        return self.id if self.article is None else f"{self.article}--{self.id}"


@dataclass(frozen=True)
class Claim:
    id: str
    article: str
    """Key of the article the claim is recorded in."""
    actor: Actor
    form: str
    text: str
    said_on: dt.date
    """When it was said; the publication date unless the article says otherwise."""
    said_on_given: bool
    """True when said_on was recorded (it may then differ from the publication date)."""
    sourcing: str
    stance: str
    topics: tuple[Topic, ...]
    positions: tuple[tuple[Topic, str], ...] = ()
    described_as: str | None = None
    venue: str | None = None
    via: str | None = None
    note: str | None = None

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"


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
    headline: str | None = None
    subheadline: str | None = None
    republished_by: str | None = None
    byline: str | None = None
    url: str | None = None
    date_note: str | None = None
    source_text: str | None = None

    def caveats_for(self, claim_id: str) -> tuple[Caveat, ...]:
        return tuple(c for c in self.caveats if claim_id in c.claims)


@dataclass(frozen=True)
class DayNotes:
    """The editor's notes for one day's briefing (briefings/days/YYYY-MM-DD.yaml)."""

    date: dt.date
    status: str | None = None
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
                 article)


def build_registry(records: dict[str, dict]) -> Registry:
    """The registries from validated data (relpath → record, as in `Checked.records`)."""
    sides = tuple(Side(**_strip(s)) for s in records.get("sides.yaml", {}).get("sides", []))
    side_by_id = {s.id: s for s in sides}
    topics = tuple(Topic(**_strip(t)) for t in records.get("topics.yaml", {}).get("topics", []))
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
    published = meta["published"]
    claims = []
    for c in data.get("claims", []):
        get = c.get
        claims.append(Claim(
            id=c["id"], article=key, actor=known[c["actor"]], form=c["form"], text=c["text"],
            said_on=get("said_on") or published, said_on_given="said_on" in c,
            sourcing=c["sourcing"], stance=c["stance"],
            topics=tuple(topic_by_id[t] for t in c["topics"]),
            positions=tuple((topic_by_id[t], p) for t, p in get("positions", {}).items()),
            described_as=get("described_as"), venue=get("venue"), via=get("via"), note=get("note"),
        ))
    caveats = tuple(Caveat(v["kind"], v["text"], tuple(v.get("claims", ()))) for v in data.get("caveats", []))
    get = meta.get
    return Article(
        key=key, path=relpath, slug=key[11:], outlet=meta["outlet"], published=published,
        published_precision=meta["published_precision"], language=meta["language"],
        completeness=meta["completeness"], claims=tuple(claims), caveats=caveats, actors=local,
        headline=get("headline"), subheadline=get("subheadline"),
        republished_by=get("republished_by"), byline=get("byline"), url=get("url"),
        date_note=get("date_note"), source_text=get("source_text"),
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
