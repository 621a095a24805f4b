"""How small a built site could get by cutting markup alone: a what-if on its finished pages.

Issue 19 asks for under 27.4 kB of site an article (1 GB at ten years of ten articles a day)
with nothing a reader can reach taken away. This script measures how far markup can go before a
view has to go: it rewrites each page of a built site in memory with the cuts below, one at a
time and all together, and prints bytes per article by top-level folder. Nothing is written.

The cuts are bounds, not designs. Each is applied as crudely as a regular expression allows, so
a real version would save no more than this:

- `json-ld-words`: the JSON-LD names each claim (its type, id, author and dates) without its
  words or the sentence saying it is a paraphrase. Readers lose nothing; machines reading the
  JSON-LD lose the words, which are still in the page and the open data.
- `short-classes`: every `parley-*` class becomes a two- or three-letter code, as a minifier
  would. Readers lose nothing; the stylesheet and scripts would have to follow.
- `no-lead`: no `data-parley-lead` on a claim; the copy-a-citation script would compose the
  citation's lead from the page. Readers lose nothing.
- `no-titles`: no `title` attributes. Readers lose the hover explanations (a ledger cell's
  "insists on this as a condition of a deal", a permalink's name).
- `no-sidebar`: no navigation sidebar on the generated pages. Material shows that sidebar as
  the menu on a phone, so readers on a phone lose the site's menu there.
- `no-whitespace`: no whitespace between tags. An upper bound: a browser shows some of those
  spaces (between a link and the note after it), so a real minifier keeps more.

Two changes of structure are estimated beside them, from the same built site:

- *one search record an article*: the article's claims as one Pagefind fragment, each claim an
  anchor in it (the issue's "fewer, fuller records"), instead of a fragment a claim. The search
  page's per-claim filters would then match articles, not claims. Only the fragments are
  counted again; the word index would shrink a little too.
- *a day's articles on one page*: the articles of a day as sections of one page, so the theme's
  header, footer and navigation are written once a day, not once an article. Every claim keeps
  its full text on one page, but its address changes.

Usage: python bench/size_floor.py SITE [--articles N]
(N defaults to the number of article pages in SITE.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

GOAL = 1_000_000_000 / 36_500
"""Bytes of site an article that keep ten years of ten articles a day under GitHub Pages' 1 GB."""

LOSSLESS = ("json-ld-words", "short-classes", "no-lead")
LOSSY = ("no-titles", "no-sidebar", "no-whitespace")
CUTS = LOSSLESS + LOSSY

# The generated pages, where Parley (not the analyst's hand-written docs) decides the layout.
GENERATED = {"articles", "days", "actors", "topics", "sides", "timeline", "stand"}

_JSON_LD = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)
_CLASS = re.compile(r'class="([^"]*)"')
_LEAD = re.compile(r' data-parley-lead="[^"]*"')
_TITLE = re.compile(r' title="[^"]*"')
_BETWEEN_TAGS = re.compile(r">\s+<")
_ARTICLE_PAGE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def without_claim_words(html: str) -> str:
    """The page with each JSON-LD part's `text` and `description` dropped."""
    def slim(match: re.Match) -> str:
        try:
            data = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        parts = data.get("hasPart", []) if isinstance(data, dict) else []
        for part in parts:
            if isinstance(part, dict):
                part.pop("text", None)
                part.pop("description", None)
        return match.group(1) + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + match.group(3)
    return _JSON_LD.sub(slim, html)


class ShortNames:
    """Gives each `parley-*` class a short code, the same code for the same class on every page
    (a minifier's renaming, numbered in the order classes are first met)."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def code(self, name: str) -> str:
        if name not in self.codes:
            self.codes[name] = f"p{len(self.codes):x}"
        return self.codes[name]

    def __call__(self, html: str) -> str:
        def rename(match: re.Match) -> str:
            names = [self.code(n) if n.startswith("parley") else n for n in match.group(1).split()]
            return f'class="{" ".join(names)}"'
        return _CLASS.sub(rename, html)


def without_sidebar(html: str) -> str:
    """The page without Material's primary (navigation) sidebar."""
    start = html.find('<div class="md-sidebar md-sidebar--primary"')
    end = html.find('<div class="md-content"', start)
    return html if start < 0 or end < 0 else html[:start] + html[end:]


def cut(html: str, cuts: set[str], folder: str, short: ShortNames) -> str:
    """`html` with each of `cuts` applied (the sidebar only on generated pages)."""
    if "json-ld-words" in cuts:
        html = without_claim_words(html)
    if "no-sidebar" in cuts and folder in GENERATED:
        html = without_sidebar(html)
    if "no-titles" in cuts:
        html = _TITLE.sub("", html)
    if "no-lead" in cuts:
        html = _LEAD.sub("", html)
    if "short-classes" in cuts:
        html = short(html)
    if "no-whitespace" in cuts:
        html = _BETWEEN_TAGS.sub("><", html)
    return html


def article_pages(site: Path) -> int:
    """The number of article pages in a built site."""
    folder = site / "articles"
    return sum(1 for p in folder.iterdir() if p.is_dir() and _ARTICLE_PAGE.match(p.name)) if folder.is_dir() else 0


def weigh(site: Path, variants: dict[str, set[str]]) -> dict[str, Counter]:
    """Bytes by top-level folder for each variant (a name and the cuts it applies)."""
    out = {name: Counter() for name in variants}
    shorts = {name: ShortNames() for name in variants}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).parts
        folder = rel[0] if len(rel) > 1 else "(top)"
        size = path.stat().st_size
        if path.suffix != ".html":
            for name in variants:
                out[name][folder] += size
            continue
        html = path.read_text(encoding="utf-8")
        for name, cuts in variants.items():
            out[name][folder] += len(cut(html, cuts, folder, shorts[name]).encode()) if cuts else size
    return out


_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def search_by_article(site: Path) -> tuple[int, int]:
    """(bytes of Pagefind's fragments now, bytes with one fragment an article): the claims'
    records of an article are joined into one, each claim an anchor, their filters merged."""
    now, groups = 0, {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = path.read_bytes()
        now += len(raw)
        record = json.loads(gzip.decompress(raw)[len(_PAGEFIND_SIGNATURE):])
        page, _, anchor = record["url"].partition("~")
        groups.setdefault(page, []).append((len(raw), anchor, record))
    joined = 0
    for page, records in groups.items():
        if len(records) == 1:
            joined += records[0][0]
            continue
        data = _PAGEFIND_SIGNATURE + json.dumps(joined_record(page, records), ensure_ascii=False).encode()
        joined += len(gzip.compress(data, mtime=0))
    return now, joined


def joined_record(page: str, records: list[tuple[int, str, dict]]) -> dict:
    """One Pagefind record for `page` from its claims' records: their words in order, each
    claim an anchor where its words start, the union of their filters."""
    words, anchors, filters = [], [], {}
    for _, anchor, record in records:
        anchors.append({"element": "div", "id": anchor.removesuffix(".html"),
                        "text": record.get("meta", {}).get("title", ""), "location": len(words)})
        words.extend(record["content"].split())
        for name, values in record.get("filters", {}).items():
            filters.setdefault(name, set()).update(values)
    return {"url": page, "content": " ".join(words), "word_count": len(words),
            "filters": {n: sorted(v) for n, v in sorted(filters.items())},
            "meta": {"title": records[0][2].get("meta", {}).get("outlet", "")}, "anchors": anchors}


def articles_by_day(site: Path) -> tuple[int, int]:
    """(bytes of the article pages now, bytes with a day's articles on one page): each page's
    chrome (all but its `<article>`) is counted once a day."""
    now, chrome_saved, seen_days = 0, 0, set()
    folder = site / "articles"
    for page in sorted(folder.glob("*/index.html")) if folder.is_dir() else ():
        if not _ARTICLE_PAGE.match(page.parent.name):
            continue
        html = page.read_bytes()
        now += len(html)
        day = page.parent.name[:10]
        if day in seen_days:
            start, end = html.find(b"<article"), html.find(b"</article>")
            if 0 <= start < end:
                chrome_saved += len(html) - (end - start)
        seen_days.add(day)
    return now, now - chrome_saved


def report(weights: dict[str, Counter], articles: int, structure: dict[str, tuple[int, int]] | None = None) -> str:
    """A Markdown table: kB an article by folder, for each variant."""
    names = list(weights)
    folders = sorted(weights["now"], key=lambda f: -weights["now"][f])
    lines = ["| folder | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for folder in folders:
        if weights["now"][folder] / articles < 50:
            continue
        lines.append(f"| {folder} | " + " | ".join(f"{weights[n][folder] / articles / 1000:.1f}" for n in names) + " |")
    totals = [sum(weights[n].values()) / articles for n in names]
    lines.append("| **total, kB an article** | " + " | ".join(f"**{t / 1000:.1f}**" for t in totals) + " |")
    if structure:
        lines.append("\n| change of structure | kB an article now | with it | saves |\n|---|---:|---:|---:|")
        saved = 0
        for name, (now, then) in structure.items():
            saved += now - then
            lines.append(f"| {name} | {now / articles / 1000:.1f} | {then / articles / 1000:.1f} | "
                         f"{(now - then) / articles / 1000:.1f} |")
        lines.append(f"\nEvery cut and both changes together: about "
                     f"{(sum(weights['all'].values()) - saved) / articles / 1000:.1f} kB an article.")
    lines.append(f"\nGoal: under {GOAL / 1000:.1f} kB an article ({articles:,} articles measured).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--articles", type=int, help="articles the site was built from (default: its article pages)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"size_floor: {args.site}: not a built site (no index.html)", file=sys.stderr)
        return 2
    articles = args.articles or article_pages(args.site)
    if articles < 1:
        print(f"size_floor: {args.site}: no article pages; give --articles N", file=sys.stderr)
        return 2
    variants = {"now": set()} | {c: {c} for c in CUTS}
    variants |= {"lossless": set(LOSSLESS), "all": set(CUTS)}
    structure = {"one search record an article": search_by_article(args.site),
                 "a day's articles on one page": articles_by_day(args.site)}
    print(report(weigh(args.site, variants), articles, structure))
    return 0


if __name__ == "__main__":
    sys.exit(main())
