"""Parley as a package: the wheel built from this repository carries everything a build reads.

The wheel is built once for the module, as `pip wheel .` builds it (with setuptools from the
package index, as pyproject.toml's build-system asks), from a copy of the checkout: setuptools
writes a build/ folder beside the sources.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import generator
from browser_support import SUB_PATH, launch_chromium, serve
from test_init import add_article

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "generator"
DISTRIBUTION = "parley-briefings"


# What a wheel is not built from: version control, environments, caches, outputs, the data and the tests.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", ".cache", ".hypothesis", ".parley-cache", ".pytest_cache",
                                     "__pycache__", "*.egg-info", "build", "dist", "site", "node_modules",
                                     "briefings", "tests", "bench", "docs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    sources, out = tmp_path_factory.mktemp("sources") / "parley", tmp_path_factory.mktemp("wheel")
    shutil.copytree(REPO, sources, ignore=NOT_SOURCES)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out),
                             str(sources)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("*.whl")
    return built


def package_files() -> set[str]:
    """Every file of the package in the checkout (compiled caches aside)."""
    return {p.relative_to(REPO).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_the_wheel_holds_every_file_of_the_package_and_nothing_else(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    metadata = {n for n in names if n.split("/")[0].endswith(".dist-info")}
    assert names - metadata == package_files()  # templates, theme, assets, the manual: all of it


@pytest.mark.slow
def test_the_wheel_is_named_and_versioned_from_the_package(wheel):
    assert wheel.name == f"parley_briefings-{generator.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        info = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(info).decode("utf-8"))
        entry_points = zf.read(info.replace("METADATA", "entry_points.txt")).decode("utf-8")
    assert metadata["Name"] == DISTRIBUTION and metadata["Version"] == generator.__version__
    requires = metadata.get_all("Requires-Dist")
    assert "mkdocs<2,>=1.6.1" in requires and "mkdocs-material<10,>=9.7.7" in requires
    assert "parley = generator.cli:main" in entry_points
    assert "[mkdocs.plugins]\nparley = generator.mkdocs_plugin:ParleyPlugin" in entry_points


def test_the_version_has_one_source_and_a_changelog_section():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and not re.search(r"^version\s*=\s*\"", pyproject, re.M)
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(?:(?:a|b|rc|\.dev)[0-9]+)?", generator.__version__)
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)", changelog, re.M)
    assert headings[0] == generator.__version__, "record the changes of the new version in CHANGELOG.md"


def readme_new_tracker_commands() -> list[str]:
    """The README's two commands that install Parley and start a tracker."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A new tracker in two commands\n")[1].split("\n## ")[0]
    return re.search(r"```sh\n(.*?)```", section, re.S)[1].splitlines()


@pytest.mark.slow
def test_the_readme_starts_a_tracker_from_the_wheel_far_from_this_checkout(wheel, tmp_path):
    """The README's two commands on a fresh virtual environment in a folder of its own, then the
    analyst's loop with the installed `parley`: new article, check, build, a plain strict
    `mkdocs build`; the site has the day's briefing and its search finds the claim."""
    install, init = readme_new_tracker_commands()
    assert wheel.name in install, "the README's install command names another version's wheel"
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    shutil.copy(wheel, work)
    # No trace of this checkout or its environment: not on the path, not the working directory.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PARLEY_DEBUG", "PYTHONHOME", "SOURCE_DATE_EPOCH")}
    env.update(HOME=str(home), PATH=os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                                   if not p.startswith(str(REPO))))
    venv = home / ".parley" / "bin"

    def run(*argv: str, cwd: Path = work, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert not check or result.returncode == 0, f"{argv}: {result.stdout}{result.stderr}"
        assert "Traceback" not in result.stderr
        return result

    run("bash", "-c", install)
    where = run(str(venv / "python"), "-c", "import generator, sysconfig; print(generator.__file__); "
                                          "print(sysconfig.get_paths()['purelib'])").stdout.split()
    assert Path(where[0]).is_relative_to(where[1]) and not Path(where[0]).is_relative_to(REPO), where
    run("bash", "-c", init)
    tracker = work / "trade-talks"

    def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return run(str(venv / "parley"), *args, cwd=cwd)

    add_article(tracker, "Closer than at any time this year.", run=parley)
    parley("check", cwd=tracker)
    parley("build", cwd=tracker)
    run(str(venv / "mkdocs"), "build", "--strict", "--site-dir", str(tracker / "plain"), cwd=tracker)
    # The tracker's requirements.txt asks for what is installed (here, found beside the wheel).
    result = run(str(venv / "pip"), "install", "--find-links", str(work), "-r", "requirements.txt", cwd=tracker)
    assert "parley-briefings" in result.stdout and "Successfully installed" not in result.stdout, result.stdout

    site = tracker / "site"
    assert (tracker / "plain" / "days" / "2030-03-08" / "index.html").is_file()
    day = (site / "days" / "2030-03-08" / "index.html").read_text(encoding="utf-8")
    assert "Closer than at any time this year." in day and "Broker State" in day
    assert f"Briefings made by Parley {generator.__version__}" in day
    fragments = [gzip.decompress(p.read_bytes()) for p in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert any(b'"content":"Broker State. Closer than at any time this year.' in f for f in fragments)
    built = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert str(REPO).encode() not in built

    # Search, as a reader uses it: the search page in Chromium, served over http.
    from playwright.sync_api import sync_playwright

    root = tmp_path / "served"
    shutil.copytree(site, root / SUB_PATH.strip("/"))
    with serve(root) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(base + "search/?q=closer")
            link = page.locator("#parley-search-results > li > a").first
            link.wait_for(timeout=30_000)
            assert "2030-03-08-truce-within-reach" in link.get_attribute("href")
            assert "Closer than at any time this year." in page.inner_text("#parley-search-results")
        finally:
            browser.close()
