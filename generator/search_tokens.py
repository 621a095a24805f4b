"""How search facets are encoded in the index, shared by the records and the search page.

Pagefind 1.5 makes metadata values searchable as text (a permalink's slug made claims match
words they do not contain), and cannot filter on a value holding `"`. Links are therefore
stored as one opaque hex word, and facet values as opaque tokens; the search page carries the
map token → (id, label), and the address keeps readable ids (`?actor=taher-nounou&topic=…`).
"""

from __future__ import annotations

import hashlib

from generator.analyse import Briefings
from generator.model import Article, Claim, Report
from generator.schema import VOCABULARIES

# Record types: fixed strings nobody types, known to the browser script too.
CLAIM_TYPE = "xclaimx"
PAGE_TYPE = "xpagex"
# Speakers recorded only in their own article (mostly unnamed sources) share one actor value:
# a facet with one entry per unnamed source would be thousands long and useless.
OTHER_SPEAKERS = ("other-speakers", "Other speakers (unnamed, or recorded in one article only)")
FACETS = (("actor", "Actor"), ("side", "Side"), ("topic", "Topic"), ("stance", "Stance"),
          ("sourcing", "Sourcing"), ("form", "Form"), ("outlet", "Outlet"))
NO_SIDE = ("none", "Side not stated")
# An outlet's own account is nobody's words: it has its own value in the actor and sourcing facets.
OUTLET_ACCOUNT = ("the-outlet", "The outlet itself (its own account)")
OUTLET_REPORT = ("outlet-report", "outlet's own account")


def token(facet: str, ident: str) -> str:
    return "f" + hashlib.sha256(f"{facet}\0{ident}".encode("utf-8")).hexdigest()[:12]


def outlet_id(name: str, taken: dict[str, str]) -> str:
    """A readable, unique id for an outlet name, for the address bar."""
    base = "".join(ch if ch.isalnum() else "-" for ch in name.casefold()).strip("-")
    base = "-".join(filter(None, base.split("-"))) or "outlet"
    ident, n = base, 2
    while ident in taken and taken[ident] != name:
        ident, n = f"{base}-{n}", n + 1
    taken[ident] = name
    return ident


def facet_values(briefings: Briefings) -> dict[str, list[tuple[str, str]]]:
    """Every facet's values as (id, label), in a stable order."""
    corpus = briefings.corpus
    outlets: dict[str, str] = {}
    for name in sorted({a.outlet for a in corpus.articles}):
        outlet_id(name, outlets)
    return {
        "actor": [(a.id, a.name) for a in corpus.actors] + [OTHER_SPEAKERS, OUTLET_ACCOUNT],
        "side": [(s.id, s.name) for s in corpus.sides] + [NO_SIDE],
        "topic": [(t.id, t.label) for t in corpus.topics],
        "stance": [(v, v) for v in VOCABULARIES["stance"]],
        "sourcing": [(v, v.replace("-", " ")) for v in VOCABULARIES["sourcing"]] + [OUTLET_REPORT],
        "form": [(v, v.replace("-", " ")) for v in VOCABULARIES["form"]],
        "outlet": sorted(((i, n) for i, n in outlets.items()), key=lambda x: x[1].casefold()),
        "date": [(d.isoformat(), d.isoformat()) for d in sorted({c.said_on for c in corpus.claims}
                                                                | {r.date for r in corpus.reports})],
        # The day each record's article came out, as the daily briefings group them.
        "published": [(d.isoformat(), d.isoformat()) for d in sorted({a.published for a in corpus.articles})],
    }


def claim_values(claim: Claim, article: Article, outlet_ids: dict[str, str]) -> dict[str, list[str]]:
    """The ids a claim has in each facet."""
    actor = claim.actor
    return {
        "actor": [actor.id if actor.article is None else OTHER_SPEAKERS[0]],
        "side": [actor.side.id if actor.side else NO_SIDE[0]],
        "topic": [t.id for t in claim.topics],
        "stance": [claim.stance],
        "sourcing": [claim.sourcing],
        "form": [claim.form],
        "outlet": [outlet_ids[article.outlet]],
        "date": [claim.said_on.isoformat()],
        "published": [article.published.isoformat()],
    }


def report_values(report: Report, article: Article, outlet_ids: dict[str, str]) -> dict[str, list[str]]:
    """The ids an outlet's report has in each facet: the outlet speaks, about a side."""
    side = report.holder
    return {
        "actor": [OUTLET_ACCOUNT[0]],
        "side": [side.id if side else NO_SIDE[0]],
        "topic": [t.id for t in report.topics],
        "stance": [report.stance] if report.stance else [],
        "sourcing": [OUTLET_REPORT[0]],
        "form": [report.form],
        "outlet": [outlet_ids[article.outlet]],
        "date": [report.date.isoformat()],
        "published": [article.published.isoformat()],
    }


def search_map(briefings: Briefings) -> dict:
    """What the search page needs to show facets: facet → [[id, label, token], …]."""
    return {"claim_type": CLAIM_TYPE, "page_type": PAGE_TYPE,
            "facets": {facet: [[i, label, token(facet, i)] for i, label in values]
                       for facet, values in facet_values(briefings).items()}}
