"""Hostile surroundings: what is around the briefings rather than in one file of them (issue 13).

A FIFO where Parley reads a source text or its check cache, a damaged cache, a briefings folder
that is a link to a system folder, file names that drive the terminal, settings out of range.
Every case runs the real CLI in a subprocess with a timeout, and must end with a clear message
and exit status 1 or 2: never a hang, a traceback or "internal error" (3).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_site import FIXTURE, REPO, fixture_config

TIMEOUT = 120


def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PARLEY_DEBUG", "PARLEY_CACHE_DIR")}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                            env={**env, "PYTHONPATH": str(REPO)}, timeout=TIMEOUT)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "briefings")
    return tmp_path


def test_a_fifo_named_like_a_source_text_is_refused(project):
    article = project / "briefings" / "articles" / "2030" / "01" / "2030-01-10-talks-open.yaml"
    name = next(line.split(":", 1)[1].strip() for line in article.read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("source_text:"))
    (project / "sources").mkdir()
    os.mkfifo(project / "sources" / name)
    result = parley("check", "--sources", "sources", cwd=project)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if name in line
            and line.startswith("briefings/articles/2030/01/2030-01-10-talks-open.yaml:")], result.stdout


def test_a_fifo_at_the_check_cache_is_not_read(project):
    (project / ".parley-cache").mkdir()
    os.mkfifo(project / ".parley-cache" / "check.json")
    for _ in range(2):  # the first check replaces the FIFO with a cache; the second reads that
        result = parley("check", cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((project / ".parley-cache" / "check.json").read_text(encoding="utf-8"))["files"]


def test_a_check_cache_nested_too_deep_is_ignored_and_replaced(project):
    """A 100,000-deep JSON array made every later check fail until the file was deleted."""
    (project / ".parley-cache").mkdir()
    (project / ".parley-cache" / "check.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for _ in range(2):
        result = parley("check", cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((project / ".parley-cache" / "check.json").read_text(encoding="utf-8"))["files"]


def test_a_briefings_folder_linked_outside_the_project_is_refused(tmp_path):
    """A repository can hold a link `briefings -> /etc`: a check in CI would quote that folder's files,
    and write its cache beside it."""
    system = tmp_path / "system" / "etc"
    shutil.copytree(FIXTURE, system)
    project = tmp_path / "project"
    project.mkdir()
    (project / "briefings").symlink_to(system, target_is_directory=True)
    for args in (("check",), ("check", "--no-cache")):
        result = parley(*args, cwd=project)
        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            f"briefings:0:0: the briefings directory is a symbolic link to {system}, outside {project}; expected a "
            "real folder, or the folder itself named with --briefings (or the plugin's `briefings`)"]
    assert sorted(p.name for p in system.parent.iterdir()) == ["etc"]  # no .parley-cache beside the target
    # A link inside the project is followed, and the cache goes beside the link.
    (project / "briefings").unlink()
    shutil.move(system, project / "corpus")
    (project / "briefings").symlink_to("corpus", target_is_directory=True)
    assert parley("check", cwd=project).returncode == 0
    assert (project / ".parley-cache" / "check.json").is_file()


NAME = "2030-01-11-x\x1b]0;pwned\x07\x1b[2J\nforged.yaml:1:1: forged.yaml"


@pytest.mark.parametrize("output", ["text", "github", "json"])
def test_a_file_name_cannot_drive_the_terminal_or_forge_a_line(project, output):
    folder = project / "briefings" / "articles" / "2030" / "01"
    shutil.copyfile(folder / "2030-01-10-talks-open.yaml", folder / NAME)
    result = parley("check", "--no-cache", "--format", output, cwd=project)
    assert result.returncode == 1
    for stream in (result.stdout, result.stderr):
        assert not {ch for ch in stream if ord(ch) < 32 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F}, repr(stream)
    if output == "json":
        problems = json.loads(result.stdout)
        assert [p["path"] for p in problems] == [f"briefings/articles/2030/01/{NAME}"]  # exact, once parsed
        return
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines  # one problem, one line: nothing forged
    shown = "2030-01-11-x\\x1b]0;pwned\\x07\\x1b[2J\\nforged.yaml:1:1: forged.yaml"
    assert (shown if output == "text" else shown.replace(":", "%3A")) in lines[0]


def test_a_file_name_in_a_usage_error_is_escaped(project):
    result = parley("check", "briefings/no\x1b[2Jsuch.yaml", cwd=project)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "no\\x1b[2Jsuch.yaml" in result.stderr


@pytest.mark.parametrize("setting, message", [
    ("window_days: 100000000", "window_days must be at most 73,050"),
    ("window_days: true", "window_days must be a number, not true"),
    ("page_size: false", "page_size must be a number, not false"),
])
def test_a_setting_out_of_range_is_a_clear_error(project, setting, message):
    """window_days: 100000000 overflowed the calendar (exit 3); `true` was taken as 1."""
    config = fixture_config(project, project / "briefings")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      window_days: 7", "      " + setting), encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (project / "site").exists()


def test_export_window_days_out_of_range_is_a_usage_error(project):
    result = parley("export", "out", "--window-days", "100000000", cwd=project)
    assert result.returncode == 2
    assert "--window-days must be from 1 to 73,050" in result.stderr


def test_a_slug_too_long_for_a_file_name_is_a_usage_error(project):
    """A 300-character --slug failed with "File name too long" (exit 3)."""
    result = parley("new", "article", "--outlet", "The Example Times", "--date", "2030-01-20", "--slug", "a" * 300,
                    cwd=project)
    assert result.returncode == 2
    assert "--slug is 300 characters long; expected at most 64" in result.stderr
    assert sorted(p.name for p in (project / "briefings" / "articles" / "2030" / "01").iterdir()) == sorted(
        p.name for p in (FIXTURE / "articles" / "2030" / "01").iterdir())


def test_a_name_too_long_for_the_file_system_is_a_clear_error(project):
    """Whatever the operating system refuses (here a folder name over 255 bytes) is said plainly, exit 1."""
    result = parley("new", "article", "--outlet", "The Example Times", "--date", "2030-01-20", "--slug", "ok",
                    "--briefings", "b" * 300, cwd=project)
    assert result.returncode in (1, 2)
    assert "File name too long" in result.stderr or "not found" in result.stderr
