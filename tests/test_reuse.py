"""Under `parley serve` the pipeline reuses what the last build rendered (generator/reuse.py):
after any edit, the pages, data and search records it gives are exactly those of a build
without the memo, and an unchanged corpus renders nothing again.

Each edit below reaches pages in another way: a claim's own pages; a page that is not about
the edited article at all (another article's quote becomes an echo of it); an outlet shown
beside claims on actors' pages; a deleted article and a new latest day; the registry; the
briefing window; the render options."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.pipeline import build_pages
from generator.read import ReadCache
from generator.render import RenderOptions
from generator.reuse import RenderMemo
from test_paginate import make_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("reuse") / "corpus", "--days", "40", "--articles-per-day", "2",
                       "--claims-per-article", "5")


class Serving:
    """Builds as `parley serve` makes them: one read cache and one render memo for the session."""

    def __init__(self, root: Path, options: RenderOptions):
        self.root, self.options, self.cache, self.memo = root, options, ReadCache(), RenderMemo()

    def build(self, options: RenderOptions | None = None, window_days: int = 7):
        options = options or self.options
        served = build_pages(self.root, options, window_days=window_days, cache=self.cache, memo=self.memo)
        fresh = build_pages(self.root, options, window_days=window_days)
        assert {p: page.markdown for p, page in served.pages.items()} == \
            {p: page.markdown for p, page in fresh.pages.items()}
        assert served.data_files == fresh.data_files
        assert served.search_documents == fresh.search_documents
        return {p: page.markdown for p, page in served.pages.items()}


def articles(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted((root / "articles").rglob("*.yaml"))}


def claims(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]


def text_line(source: str, claim_id: str) -> str:
    """The claim's `text:` line, as written in the file."""
    return re.search(rf"^  - id: {re.escape(claim_id)}\n(?:    .*\n)*?(    text: .*)$", source, re.M).group(1)


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


SMALL = RenderOptions(page_size=3, archive_size=2, recent_days=2)


@pytest.mark.parametrize("options", [RenderOptions(), SMALL], ids=["default", "small-pages"])
def test_reused_outputs_equal_a_fresh_build_after_every_kind_of_edit(synthetic, tmp_path, options):
    """With small pages, claims move between archive pages as the corpus changes."""
    root = tmp_path / "briefings"
    shutil.copytree(synthetic, root)
    session = Serving(root, options)
    first = session.build()
    assert session.memo.rendered == len(first) and session.memo.reused == 0

    assert session.build() == first  # nothing changed: nothing rendered again
    assert session.memo.rendered == 0 and session.memo.reused == len(first)

    # A claim's text.
    files = articles(root)
    key, path = next(iter(files.items()))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^(    text: ")', r"\1Edited, ", text, count=1, flags=re.M), encoding="utf-8")
    edited = session.build()
    assert f"articles/{key}.md" in changed(first, edited)
    assert 0 < session.memo.rendered < len(first) / 2

    # Another article's quote becomes the same words by the same registry speaker: the first
    # article's page (its file untouched) now says the quote was also reported elsewhere.
    registry_ids = {a["id"] for a in yaml.safe_load((root / "actors.yaml").read_text(encoding="utf-8"))["actors"]}
    quotes = [(k, c) for k, p in files.items() for c in claims(p)
              if c["form"] == "quote" and c["actor"] in registry_ids]
    (key_a, quote_a), (key_b, quote_b) = next(
        (a, b) for a in quotes for b in quotes if a[0] < b[0] and a[1]["actor"] == b[1]["actor"]
        and a[1]["text"] != b[1]["text"])
    text_b = files[key_b].read_text(encoding="utf-8")
    line_a = text_line(files[key_a].read_text(encoding="utf-8"), quote_a["id"])
    files[key_b].write_text(text_b.replace(text_line(text_b, quote_b["id"]), line_a), encoding="utf-8")
    echoed = session.build()
    assert f"articles/{key_a}.md" in changed(edited, echoed)
    assert "Also reported by" in echoed[f"articles/{key_a}.md"]

    # An outlet: shown beside the article's claims on other pages (actors, topics, days).
    key_c, path_c = list(files.items())[7]
    path_c.write_text(re.sub(r'^  outlet: ".*"$', '  outlet: "The Renamed Example Post"',
                             path_c.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    renamed = session.build()
    assert any(p.startswith("actors/") for p in changed(echoed, renamed))

    # A deleted article, and a new latest day.
    list(files.values())[3].unlink()
    newest_key, newest = list(files.items())[-1]
    later = root / "articles" / "2031" / "01" / newest.name.replace(newest_key[:10], "2031-01-01")
    later.parent.mkdir(parents=True)
    later.write_text(newest.read_text(encoding="utf-8").replace(f"published: {newest_key[:10]}", "published: 2031-01-01"),
                     encoding="utf-8")
    moved = session.build()
    assert "days/2031-01-01.md" in moved and "index.md" in changed(renamed, moved)

    # The registry (every article read again), the briefing window, the options.
    actors = root / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('name: "', 'name: "Renamed ', 1), encoding="utf-8")
    session.build()
    session.build(window_days=2)
    session.build(RenderOptions() if options == SMALL else SMALL, window_days=2)
    assert session.memo.reused == 0


def test_reuse_holds_through_random_edits_with_small_pages(synthetic, tmp_path):
    """Deleted articles and changed stances move claims between archive pages and make or undo
    stance shifts, whose links point at claims listed on other pages."""
    import random

    root = tmp_path / "briefings"
    shutil.copytree(synthetic, root)
    session = Serving(root, SMALL)
    session.build()
    rng = random.Random(8)
    stances = ("optimistic", "cautious", "pessimistic", "neutral")
    for _ in range(8):
        files = list(articles(root).values())
        path = rng.choice(files)
        if rng.random() < 0.3:
            path.unlink()
        else:
            text = path.read_text(encoding="utf-8")
            found = list(re.finditer(r"^    stance: (\w+)$", text, re.M))
            m = rng.choice(found)
            new = rng.choice([s for s in stances if s != m.group(1)])
            path.write_text(text[:m.start(1)] + new + text[m.end(1):], encoding="utf-8")
        session.build()
        assert session.memo.reused > 0


def test_the_memo_lets_go_of_the_last_builds_objects(synthetic, tmp_path):
    """After a registry edit every article is read again into new objects: nothing may keep the
    old ones alive (under a long `parley serve` each registry edit would add a whole corpus)."""
    import gc
    import weakref

    root = tmp_path / "briefings"
    shutil.copytree(synthetic, root)
    session = Serving(root, RenderOptions())
    session.build()
    old = [weakref.ref(item) for _, item in session.cache.files.values()]
    old += [weakref.ref(claim) for article in (item for _, item in session.cache.files.values())
            if hasattr(article, "claims") for claim in article.claims]
    actors = root / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('name: "', 'name: "Renamed ', 1), encoding="utf-8")
    session.build()
    assert session.memo.reused > 0
    gc.collect()
    alive = [ref() for ref in old if ref() is not None]
    assert not alive, f"{len(alive)} objects of the last build are still alive, e.g. {alive[0]!r:.200}"
