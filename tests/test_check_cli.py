"""`parley check` as the analyst runs it: a real subprocess, exit status, output formats."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ERRORS = TESTS / "errors"
BAD = "briefings/articles/2030/01/2030-01-11-bad.yaml"
STANCE_PROBLEM = (f"{BAD}:10:13: unknown stance 'optimistc' (did you mean 'optimistic'?); "
                  "expected one of: optimistic, cautious, pessimistic, neutral")


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder holding a copy of the clean fixture corpus as ./briefings."""
    shutil.copytree(TESTS / "fixtures" / "corpus", tmp_path / "briefings")
    return tmp_path


def put(project: Path, relpath: str, errors_file: str) -> None:
    path = project / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ERRORS / errors_file, path)


def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PARLEY_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


SUMMARY = re.compile(r"^(no problems|\d+ problem\(s\)) in (\d+) file\(s\)(; quotes verified: \d+ of \d+)? "
                     r"\(\d+\.\d\d s\)\n(parley: quotes not verified: .*\n)?$")


def summary(result: subprocess.CompletedProcess) -> tuple[str, int]:
    m = SUMMARY.match(result.stderr)
    assert m, f"unexpected stderr: {result.stderr!r}"
    return m[1], int(m[2])


def test_clean_corpus_exits_0(project):
    result = parley("check", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert summary(result) == ("no problems", 6)


def test_problems_exit_1_with_positioned_lines(project):
    put(project, BAD, "vocabulary.yaml")
    result = parley("check", cwd=project)
    assert (result.returncode, result.stdout) == (1, STANCE_PROBLEM + "\n")
    assert summary(result) == ("1 problem(s)", 7)


def test_every_problem_of_every_file_in_one_run_sorted_by_path_then_line(project):
    actors = project / "briefings/actors.yaml"
    actors.write_text(actors.read_text().replace("side: south", "side: sout"))
    put(project, "briefings/articles/2030/01/2030-01-11-c.yaml", "vocabulary.yaml")
    put(project, "briefings/articles/2030/01/2030-01-11-a.yaml", "anchor-alias.yaml")
    put(project, "briefings/articles/2030/01/2030-01-11-b.yaml", "syntax-tab-indentation.yaml")
    put(project, "briefings/articles/2030/01/2030-01-11-d.yaml", "duplicate-claim-id.yaml")
    put(project, "briefings/articles/2030/01/notes.yaml", "valid.yaml")
    put(project, "briefings/articles/2030/01/2030-01-11-e.yml", "valid.yaml")
    result = parley("check", "--briefings", "briefings", cwd=project)
    article = "briefings/articles/2030/01/2030-01-11"
    no_features = "expected plain values written out in full (no anchors, aliases or tags)"
    assert result.stdout.splitlines() == [
        "briefings/actors.yaml:10:11: unknown side 'sout' (did you mean 'south'?); expected an id from sides.yaml; "
        "to add it: parley new side --id sout --name NAME --role party|mediator|other",
        f"{article}-a.yaml:2:11: YAML anchor '&outlet' is not allowed; {no_features}",
        f"{article}-a.yaml:3:11: YAML alias '*outlet' is not allowed; {no_features}",
        f"{article}-b.yaml:3:1: YAML syntax error: tab character used for indentation; "
        "expected spaces for indentation",
        f"{article}-c.yaml:10:13: unknown stance 'optimistc' (did you mean 'optimistic'?); "
        "expected one of: optimistic, cautious, pessimistic, neutral",
        f"{article}-d.yaml:12:9: duplicate claim id 'truce-close' (first at line 5); "
        "expected each id once per file, among claims and reports",
        f"{article}-e.yml:0:0: file name ends in .yml; expected the extension .yaml",
        "briefings/articles/2030/01/notes.yaml:0:0: file is not where a briefings file can be; expected "
        "sides.yaml, topics.yaml, actors.yaml, articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml",
    ]
    assert result.returncode == 1
    assert summary(result)[0] == "8 problem(s)"


def test_deeply_nested_brackets_do_not_crash(project):
    (project / BAD).write_text("[" * 100_000)
    result = parley("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout == f"{BAD}:1:65: brackets nested more than 64 deep; expected at most 64 levels of [ and {{\n"


def test_non_specific_tag_is_a_problem_not_an_internal_error(project):
    (project / BAD).write_text("article: ! x\n")
    result = parley("check", cwd=project)
    assert result.returncode == 1 and "internal error" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["check", "briefings/articles/2030/01/nope.yaml"], "parley: error: no such file: briefings/articles/2030/01/nope.yaml\n"),
    (["check", "--briefings", "nope"], "parley: error: briefings directory not found: nope\n"),
    (["check", "--sources", "nope"], "parley: error: sources directory not found: nope\n"),
    (["check", "outside.yaml"], "parley: error: outside.yaml is not inside the briefings directory briefings\n"),
    (["build", "-f", "nope.yml"], "parley: error: configuration file not found: nope.yml\n"),
    (["check", "--bogus"], "parley: error: unrecognized arguments: --bogus\n"),
    (["check", "--format", "xml"], "parley check: error: argument --format: invalid choice: 'xml'"),
    ([], "parley: error: the following arguments are required: COMMAND\n"),
], ids=["no-such-file", "no-briefings", "no-sources", "file-outside", "no-config", "unknown-option", "bad-format",
        "no-command"])
def test_usage_errors_exit_2(project, args, message):
    (project / "outside.yaml").write_text("a: 1\n")
    result = parley(*args, cwd=project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_check_path_reports_only_that_file(project):
    put(project, BAD, "vocabulary.yaml")
    put(project, "briefings/articles/2030/01/2030-01-11-other.yaml", "unknown-actor.yaml")
    result = parley("check", BAD, cwd=project)
    assert (result.returncode, result.stdout) == (1, STANCE_PROBLEM + "\n")
    assert summary(result) == ("1 problem(s)", 1)
    # The same file named another way is the same file.
    assert parley("check", f"./briefings/articles/../articles/2030/01/{Path(BAD).name}", cwd=project).stdout == \
        STANCE_PROBLEM + "\n"


def test_check_path_resolves_references_against_the_whole_corpus(project):
    put(project, BAD, "vocabulary.yaml")  # another file's problems do not count
    result = parley("check", "briefings/articles/2030/01/2030-01-10-talks-open.yaml", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")  # it uses envoy-c from actors.yaml
    assert summary(result) == ("no problems", 1)


def test_check_path_from_another_working_directory(project):
    put(project, BAD, "vocabulary.yaml")
    (project / "elsewhere").mkdir()
    result = parley("check", "--briefings", "../briefings", f"../{BAD}", cwd=project / "elsewhere")
    assert result.returncode == 1
    assert result.stdout == f"../{STANCE_PROBLEM}\n"


def test_check_absolute_path_with_relative_briefings_outside_cwd(project):
    put(project, BAD, "vocabulary.yaml")
    (project / "elsewhere").mkdir()
    result = parley("check", "--briefings", "../briefings", str(project / BAD), cwd=project / "elsewhere")
    assert result.returncode == 1


def test_json_format(project):
    put(project, BAD, "vocabulary.yaml")
    put(project, "briefings/articles/2030/01/notes.yaml", "valid.yaml")
    result = parley("check", "--format", "json", cwd=project)
    assert (result.returncode, result.stderr) == (1, "")
    problems = json.loads(result.stdout)
    assert problems == [
        {"path": BAD, "line": 10, "column": 13, "message": "unknown stance 'optimistc' (did you mean 'optimistic'?)",
         "expected": "one of: optimistic, cautious, pessimistic, neutral", "code": "vocabulary", "hint": ""},
        {"path": "briefings/articles/2030/01/notes.yaml", "line": 0, "column": 0,
         "message": "file is not where a briefings file can be",
         "expected": "sides.yaml, topics.yaml, actors.yaml, articles/YYYY/MM/YYYY-MM-DD-slug.yaml (lowercase slug) or days/YYYY-MM-DD.yaml",
         "code": "path", "hint": ""},
    ]


def test_json_format_clean(project):
    result = parley("check", "--format", "json", cwd=project)
    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_github_format(project):
    put(project, BAD, "vocabulary.yaml")
    put(project, "briefings/articles/2030/01/a,b.yml", "valid.yaml")
    (project / "briefings/articles/2030/01/2030-01-12-pct.yaml").write_text(
        (ERRORS / "url-javascript.yaml").read_text().replace("2030-01-11", "2030-01-12")
        .replace("alert(1)", "alert(%22x%22)"))
    result = parley("check", "--format", "github", cwd=project)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"::error file={BAD},line=10,col=13::unknown stance 'optimistc' (did you mean 'optimistic'?); "
        "expected one of: optimistic, cautious, pessimistic, neutral",
        "::error file=briefings/articles/2030/01/2030-01-12-pct.yaml,line=3,col=8::url 'javascript:alert(%2522x%2522)' "
        "does not start with http:// or https://; expected an absolute http:// or https:// address",
        "::error file=briefings/articles/2030/01/a%2Cb.yml::file name ends in .yml; expected the extension .yaml",
    ]


@pytest.mark.parametrize("args, expected", [
    (["--help"], ["usage: parley", "check", "build"]),
    (["check", "--help"], ["usage: parley check", "--briefings", "--format", "--sources", "Exit status"]),
    (["build", "--help"], ["usage: parley build", "--site-dir", "--strict", "--config-file"]),
])
def test_help(tmp_path, args, expected):
    result = parley(*args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    for text in expected:
        assert text in result.stdout


def test_version(tmp_path):
    result = parley("--version", cwd=tmp_path)
    assert result.returncode == 0 and re.fullmatch(r"parley \d+\.\d+\.\d+\n", result.stdout)
