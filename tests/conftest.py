"""Fixtures several test modules share: the shipped corpus built once with the real `parley build`
and served under its sub-path, so that each browser module does not build it again; and Debian's
headless Chromium, one per browser module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import SUB_PATH, build_site, launch_chromium, serve


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


@pytest.fixture(scope="module")
def browser():
    """Playwright is imported only where a module asks for the browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
