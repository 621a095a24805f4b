"""`parley init`: a new tracker, every file of it made in memory; the CLI writes them.

A tracker is a repository of briefings built by an installed Parley: its mkdocs.yml, its
registries, an About page, GitHub workflows, pre-commit and editor settings, a pinned
requirements file and a README. The texts come from the templates in generator/tracker/ and,
for the registries, editor schemas and settings, from the schema table. The registries made
are validated as `parley check` would before anything is returned, so a new tracker always
checks and builds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import PurePosixPath

import jinja2

from generator import __version__
from generator.check_url import url_problem
from generator.export_schema import schema_file_name, schema_files
from generator.load import Document, Documents, kind_of, parse
from generator.scaffold import check_value, editor_settings, yaml_scalar
from generator.schema import RECORDS, REGISTRY_FILES, fields
from generator.validate import validate

DISTRIBUTION = "parley-briefings"
SET_UP = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"
"""The tracker README's set-up command; the workflows run it too."""
BUILD = ".venv/bin/parley build"

# GitHub's own actions, pinned by commit (a tag can be moved; a commit cannot). Dependabot, which
# the tracker is set up with, proposes newer ones.
ACTIONS = {
    "checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "setup_python": "5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0",
    "configure_pages": "983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0",
    "upload_pages_artifact": "fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0",
    "deploy_pages": "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
}

# Sides written when none are named: placeholders, clearly marked, for the editor to replace.
EXAMPLE_SIDES = (("party-a", "Party A", "party"), ("party-b", "Party B", "party"),
                 ("mediator-c", "Mediator C", "mediator"))
FIRST_TOPIC = ("talks", "State of the talks", "State, rounds, delegations and venues of the negotiations.")


class InitError(Exception):
    """Nothing was made: each message says which value is wrong and what was expected."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class Side:
    id: str
    name: str
    role: str
    """party | mediator (see the side_role vocabulary)."""


@dataclass(frozen=True)
class Requirement:
    line: str
    """Parley as requirements.txt asks for it."""
    note: str = ""
    """Why the line may need changing, when Parley did not come from the package index."""


# --- values ------------------------------------------------------------------------------------

def side_from_option(value: str, role: str) -> Side:
    """`--party NAME` or `--party ID=NAME`: an id is made from a name written in Latin letters."""
    option = f"--{role}"
    ident, sep, name = value.partition("=")
    if not sep:
        ident, name = slug(value), value
        if not ident:
            raise InitError([f"{option} {value!r} gives no id (lowercase Latin letters and digits); "
                             f"write it as ID=NAME, e.g. {option} 'side-a={value}'"])
    name = name.strip()
    side = fields("side")
    messages = [m.replace("--id", option).replace("--name", option) for m in
                (check_value(side["id"], ident), check_value(side["name"], name)) if m]
    if messages:
        raise InitError(messages)
    return Side(ident, name, role)


def slug(name: str) -> str:
    """`Broker State` → `broker-state`; letters outside Latin script give nothing."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:64].strip("-")


def _one_line(option: str, value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise InitError([f"{option} is empty"])
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise InitError([f"{option} holds a control or invisible character"])
    return value


def _site_url(value: str | None) -> str | None:
    if value is None:
        return None
    problem = site_url_problem(value)
    if problem:
        raise InitError([problem])
    return value if value.endswith("/") else value + "/"


def site_url_problem(value: str) -> str:
    """Why `value` cannot be a site's address (`--site-url`), or ""."""
    problem = url_problem(value) or ("has a query or a fragment" if re.search(r"[?#]", value) else "")
    return (f"--site-url {value!r} {problem}; expected the address readers will use, e.g. "
            "https://briefings.example.org/ or https://USER.github.io/REPO/") if problem else ""


# --- the installed Parley --------------------------------------------------------------------------

def parley_requirement(direct_url: dict | None, version: str = __version__) -> Requirement:
    """How a tracker's requirements.txt asks for this Parley, from where it was installed from
    (PEP 610's direct_url.json; None when it came from a package index)."""
    pinned = f"{DISTRIBUTION}=={version}"
    if direct_url is None:
        return Requirement(pinned)
    url = direct_url.get("url", "")
    vcs = direct_url.get("vcs_info")
    if vcs and vcs.get("vcs") == "git" and url.startswith("https://"):
        return Requirement(f"{DISTRIBUTION} @ git+{url}@{vcs.get('commit_id', '')}")
    if "archive_info" in direct_url and url.startswith("https://"):
        return Requirement(f"{DISTRIBUTION} @ {url}")
    where = "a local folder" if url.startswith("file:") and "dir_info" in direct_url else "a local file"
    return Requirement(pinned, f"This Parley was installed from {where}, which a publishing machine cannot "
                               f"reach: if {DISTRIBUTION} {version} is not on the package index, replace the "
                               "line with where Parley comes from, e.g. "
                               f"`{DISTRIBUTION} @ git+https://github.com/OWNER/parley@v{version}`.")


def installed_requirement() -> Requirement:
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    return parley_requirement(json.loads(text) if text else None)


def pinned_dependencies() -> list[str]:
    """`name==version` for everything the installed Parley needs, as installed here (its
    requirements' closure, markers evaluated for this machine)."""
    from packaging.requirements import Requirement as Spec
    from packaging.utils import canonicalize_name

    found: dict[str, str] = {}
    waiting = [(DISTRIBUTION, frozenset[str]())]
    done: set[tuple[str, frozenset[str]]] = set()
    while waiting:
        name, extras = waiting.pop()
        if (canonicalize_name(name), extras) in done:
            continue
        done.add((canonicalize_name(name), extras))
        dist = metadata.distribution(name)
        found[canonicalize_name(dist.metadata["Name"])] = dist.version
        for line in dist.requires or []:
            spec = Spec(line)
            if spec.marker is None or any(spec.marker.evaluate({"extra": e}) for e in extras or {""}):
                waiting.append((spec.name, frozenset(spec.extras)))
    found.pop(DISTRIBUTION, None)
    return [f"{name}=={version}" for name, version in sorted(found.items())]


# --- the files -----------------------------------------------------------------------------------

def _templates() -> jinja2.Environment:
    # Square-bracket delimiters: the workflows are full of GitHub's own ${{ … }}.
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "tracker"), autoescape=False,
                             variable_start_string="[[", variable_end_string="]]",
                             block_start_string="[%", block_end_string="%]",
                             trim_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters.update(yaml=yaml_scalar, md=markdown_inline)
    return env


def markdown_inline(text: str) -> str:
    """Text that Markdown shows as written (GitHub's and MkDocs'): no emphasis, link or HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#!])", r"\\\1", text)


def _registry(kind: str, intro: list[str], entries: list[dict[str, str]], note: list[str] = ()) -> str:
    """A registry file: the editor's schema line, comments, then one entry per dict."""
    (listing,) = RECORDS[REGISTRY_FILES[kind + ".yaml"]]
    lines = [f"# yaml-language-server: $schema=../schema/{schema_file_name(kind)}", *intro, f"{listing.name}:"]
    lines += [f"  # {line}" if line else "  #" for line in note]
    for entry in entries:
        pairs = [(k, v) for k, v in entry.items() if v is not None]
        lines.append(f"  - {pairs[0][0]}: {yaml_scalar(pairs[0][1])}")
        lines += [f"    {k}: {yaml_scalar(v)}" for k, v in pairs[1:]]
    return "\n".join(lines) + "\n"


def registries(sides: list[Side], example: bool) -> dict[str, str]:
    marked = ["EXAMPLE, to replace: `parley init` was given no --party or --mediator, so these sides",
              "are placeholders. Rename them here and in actors.yaml (ids too), or remove them once",
              "your own sides are added."] if example else []
    return {
        "briefings/sides.yaml": _registry("sides", [
            "# The sides in the talks: every actor speaks for one of them (or for none, when the source",
            "# does not say). role: party (a direct party), mediator, or other (media, observers,",
            "# third states). Add one with:",
            "#   parley new side --id ID --name \"NAME\" --role party|mediator|other --description \"…\"",
        ], [{"id": s.id, "name": s.name, "role": s.role} for s in sides], marked),
        "briefings/actors.yaml": _registry("actors", [
            "# The people and organisations whose words are recorded, once each; a claim names its",
            "# speaker by id. A source an article does not name goes under that article's own",
            "# `actors:`, not here. Add one with:",
            "#   parley new actor --id ID --name \"NAME\" --kind person --role \"ROLE\" --side SIDE",
        ], [{"id": s.id, "name": s.name, "kind": "organisation", "side": s.id} for s in sides],
            ["One organisation per side, for the statements issued in its name."] + (
                ["EXAMPLE, to replace with the sides above."] if example else [])),
        "briefings/topics.yaml": _registry("topics", [
            "# What claims are about: each claim lists one or more topic ids; a claim's `positions`",
            "# say what its speaker demands, accepts or rejects on a topic. Add one with:",
            "#   parley new topic --id ID --label \"LABEL\" --description \"…\"",
        ], [dict(zip(("id", "label", "description"), FIRST_TOPIC))]),
    }


def requirements_text(requirement: Requirement, dependencies: list[str], python_version: str) -> str:
    lines = ["# What building the site installs, pinned so that the same briefings build the same site.",
             f"# Made by `parley init` (Parley {__version__}, Python {python_version}) from the packages it ran",
             "# with; Dependabot proposes updates. Install with: .venv/bin/pip install -r requirements.txt",
             requirement.line, *dependencies]
    return "\n".join(lines) + "\n"


def tracker_files(*, title: str, description: str, sides: list[Side], site_url: str | None = None,
                  python_version: str, requirement: Requirement, dependencies: list[str]) -> dict[str, str]:
    """Every file of a new tracker: relative path → text. Raises InitError on a bad value."""
    title, description = _one_line("--title", title), _one_line("--description", description)
    site_url = _site_url(site_url)
    example = not sides
    if example:
        sides = [Side(*values) for values in EXAMPLE_SIDES]
    seen: dict[str, Side] = {}
    for side in sides:
        if side.id in seen:
            raise InitError([f"two sides have the id '{side.id}' ({seen[side.id].name!r} and {side.name!r}); "
                             "give one of them another with ID=NAME"])
        seen[side.id] = side
    env = _templates()
    context = dict(title=title, description=description, site_url=site_url, python_version=python_version,
                   actions=ACTIONS, set_up=SET_UP, build=BUILD, version=__version__, example_sides=example,
                   requirement=requirement.line, requirement_note=requirement.note)

    def render(name: str) -> str:
        return env.get_template(name).render(context)

    files = {
        "mkdocs.yml": render("mkdocs.yml.j2"),
        "README.md": render("README.md.j2"),
        "requirements.txt": requirements_text(requirement, dependencies, python_version),
        "docs/about.md": render("about.md.j2"),
        **registries(sides, example),
        **{f"schema/{name}": text for name, text in schema_files().items()},
        ".github/workflows/publish.yml": render("publish.yml.j2"),
        ".github/workflows/check.yml": render("check.yml.j2"),
        ".github/dependabot.yml": env.loader.get_source(env, "dependabot.yml")[0],
        ".pre-commit-config.yaml": env.loader.get_source(env, "pre-commit-config.yaml")[0],
        # The same editor settings as this repository's (scaffold.editor_settings).
        **editor_settings(),
        ".gitignore": env.loader.get_source(env, "gitignore")[0],
    }
    _refuse_problems(files)
    return files


def _refuse_problems(files: dict[str, str]) -> None:
    """Check the registries as `parley check` will: a value it would reject is refused now."""
    documents = []
    for path, text in files.items():
        relpath = PurePosixPath(path).relative_to("briefings").as_posix() if path.startswith("briefings/") else None
        if relpath is None:
            continue
        root, problems = parse(text.encode("utf-8"), path)
        documents.append(Document(path, relpath, kind_of(relpath), root, problems))
    problems = validate(Documents("briefings", documents)).problems
    if problems:
        raise InitError([str(p) for p in problems])

