"""A Markdown extension for the site's hand-written pages (the manual, docs/): every table's cells
carry their column's heading, so that on a phone the stylesheet can show each row as a card
("Field: …, Meaning: …") instead of a table wider than the screen. Generated pages write the same
attributes in their templates."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

CARDS = "data-parley-cards"
"""The attribute that marks a table to be shown as cards on a phone (parley.css)."""


class _ColumnLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead")
            body = table.find("tbody")
            if head is None or body is None:
                continue
            labels = [" ".join("".join(th.itertext()).split()) for th in head.iter("th")]
            table.set(CARDS, "")
            for row in body.iter("tr"):
                for label, cell in zip(labels[1:], list(row)[1:]):  # the first cell heads its card
                    if label:
                        cell.set("data-label", label)


class CardTables(Extension):
    def extendMarkdown(self, md) -> None:
        # After the inline patterns (priority 20), so headings' code spans are text by then.
        md.treeprocessors.register(_ColumnLabels(md), "parley_card_tables", 5)


def makeExtension(**kwargs) -> CardTables:  # noqa: N802 - Python-Markdown's name for it
    return CardTables(**kwargs)
