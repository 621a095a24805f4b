"""Parley as a package: the wheel built from this repository carries everything a build reads.

The wheel is built once for the module, as `pip wheel .` builds it (with setuptools from the
package index, as pyproject.toml's build-system asks), from a copy of the checkout: setuptools
writes a build/ folder beside the sources.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import generator

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
