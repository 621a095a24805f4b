"""Fixtures several test modules share: the shipped corpus built once with the real `parley build`
and served under its sub-path, so that each browser module does not build it again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import SUB_PATH, build_site, serve


@dataclass(frozen=True)
class ServedSite:
    url: str
    """The served site, ending in the sub-path."""
    root: Path
    """The built site on disk."""


@pytest.fixture(scope="session")
def shipped_served(tmp_path_factory) -> ServedSite:
    """briefings/, built once with the repo's mkdocs.yml and served at /parley/ for the whole run.
    Tests only read it."""
    root = tmp_path_factory.mktemp("shipped-served")
    site = root / SUB_PATH.strip("/")
    build_site(site)
    with serve(root) as url:
        yield ServedSite(url, site)
