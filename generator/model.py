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


def build_model(checked: Checked) -> Corpus:
    """Build the corpus from validated data; call only when `checked.problems` is empty."""
    records = checked.records
    sides = tuple(Side(**_strip(s)) for s in records.get("sides.yaml", {}).get("sides", []))
    side_by_id = {s.id: s for s in sides}
    topics = tuple(Topic(**_strip(t)) for t in records.get("topics.yaml", {}).get("topics", []))
    topic_by_id = {t.id: t for t in topics}

    def actor(record: dict, article: str | None = None) -> Actor:
        r = _strip(record)
        return Actor(r["id"], r["name"], r["kind"], r.get("role"), side_by_id.get(r.get("side")), article)

    actors = tuple(actor(a) for a in records.get("actors.yaml", {}).get("actors", []))
    actor_by_id = {a.id: a for a in actors}

    articles = []
    for relpath, data in records.items():
        if not relpath.startswith("articles/"):
            continue
        key = relpath.rsplit("/", 1)[1][: -len(".yaml")]
        meta = _strip(data["article"])
        local = tuple(actor(a, key) for a in data.get("actors", []))
        known = {**actor_by_id, **{a.id: a for a in local}}
        claims = []
        for c in data.get("claims", []):
            c = _strip(c)
            claims.append(Claim(
                id=c["id"], article=key, actor=known[c["actor"]], form=c["form"], text=c["text"],
                said_on=c.get("said_on") or meta["published"], said_on_given="said_on" in c,
                sourcing=c["sourcing"], stance=c["stance"],
                topics=tuple(topic_by_id[t] for t in c["topics"]),
                positions=tuple((topic_by_id[t], p) for t, p in c.get("positions", {}).items()),
                described_as=c.get("described_as"), venue=c.get("venue"), via=c.get("via"), note=c.get("note"),
            ))
        caveats = tuple(Caveat(v["kind"], v["text"], tuple(v.get("claims", ()))) for v in data.get("caveats", []))
        articles.append(Article(
            key=key, path=relpath, slug=key[11:], outlet=meta["outlet"], published=meta["published"],
            published_precision=meta["published_precision"], language=meta["language"],
            completeness=meta["completeness"], claims=tuple(claims), caveats=caveats, actors=local,
            headline=meta.get("headline"), subheadline=meta.get("subheadline"),
            republished_by=meta.get("republished_by"), byline=meta.get("byline"), url=meta.get("url"),
            date_note=meta.get("date_note"), source_text=meta.get("source_text"),
        ))
    articles.sort(key=lambda a: (a.published, a.key))
    notes = sorted((DayNotes(date=data["date"], **_strip(data["day"])) for relpath, data in records.items()
                    if relpath.startswith("days/")), key=lambda n: n.date)
    return Corpus(sides, topics, actors, tuple(articles), tuple(notes))
