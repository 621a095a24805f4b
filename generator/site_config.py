"""The few settings of a site's `mkdocs.yml` that commands other than a build need, read
without MkDocs: the briefings and sources folders (`parley check`), the published address, the
docs folder and the pages it leaves out (`parley export`).

`mkdocs.yml` is the one place a site is configured: a sources folder set there is used by
every check, and an export publishes under the site's own address. MkDocs' own tags (`!ENV`,
`!relative`, `!!python/name:` in Markdown extension options) are read as MkDocs reads them, or
ignored where only the build needs them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_CONFIG = "mkdocs.yml"
# Left out of every MkDocs site whatever exclude_docs says (mkdocs.structure.files._default_exclude).
ALWAYS_EXCLUDED = (".*", "/templates/")


class SettingsError(Exception):
    """mkdocs.yml cannot be read; the message says why."""


@dataclass(frozen=True)
class SiteSettings:
    config_file: Path | None
    """The mkdocs.yml read; None when there is none (every setting is then its default)."""
    briefings: Path
    """The briefings folder: the `parley` plugin's `briefings`, relative to mkdocs.yml."""
    sources: Path | None = None
    """The plugin's `sources`: archived article texts that `parley check` verifies quotes against."""
    sources_as_written: str = ""
    """`sources` as mkdocs.yml spells it, for messages."""
    site_url: str | None = None
    site_name: str | None = None
    docs_dir: Path = Path("docs")
    exclude_docs: tuple[str, ...] = ()
    """exclude_docs and draft_docs patterns (gitignore syntax, relative to docs_dir)."""
    window_days: int | None = None
    language: str = "en"
    """The theme's language: the site's own words are in it (unless the plugin's `locale` says)."""
    locale: str | None = None
    """The `parley` plugin's `locale`, when set."""

    def excluded(self, relpath: str) -> bool:
        """Whether MkDocs leaves docs_dir/`relpath` out of the site."""
        import pathspec  # a dependency of MkDocs, needed only by an export

        spec = pathspec.gitignore.GitIgnoreSpec.from_lines([*ALWAYS_EXCLUDED, *self.exclude_docs])
        return spec.match_file(relpath)


class _Loader(yaml.SafeLoader):
    """Safe loading, with MkDocs' tags: `!ENV` as MkDocs reads it, any other tag as no value."""


def _env(loader: _Loader, node: yaml.Node):
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else [loader.construct_object(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else [])
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


def _relative(loader: _Loader, node: yaml.Node):
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _safe_data(text: str):
    """mkdocs.yml's values by the safe loader (plain data only; MkDocs' `!!python/name:` tags and
    any other tag read as no value, so nothing in the file can construct a Python object)."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_site_settings(config_file: str | os.PathLike | None = DEFAULT_CONFIG, *,
                       required: bool = False) -> SiteSettings:
    """The settings of `config_file`; the defaults when it does not exist and is not `required`."""
    path = Path(config_file) if config_file else None
    if path is None or not path.is_file():
        if required:
            raise SettingsError(f"configuration file not found: {config_file}")
        return SiteSettings(None, Path("briefings"))
    try:
        data = _safe_data(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path} is not a mapping of settings")
    base = path.resolve().parent
    plugin = _plugin_options(data.get("plugins"), "parley")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    patterns = []
    for key in ("exclude_docs", "draft_docs"):
        if isinstance(data.get(key), str):
            patterns += data[key].splitlines()
    sources = plugin.get("sources")
    window = plugin.get("window_days")
    return SiteSettings(
        config_file=path,
        briefings=base / str(plugin.get("briefings") or "briefings"),
        sources=Path(os.path.normpath(base / sources)) if isinstance(sources, str) and sources else None,
        sources_as_written=sources if isinstance(sources, str) else "",
        site_url=data["site_url"] if isinstance(data.get("site_url"), str) and data["site_url"] else None,
        site_name=data["site_name"] if isinstance(data.get("site_name"), str) and data["site_name"] else None,
        docs_dir=base / str(data.get("docs_dir") or "docs"),
        exclude_docs=tuple(patterns),
        window_days=window if isinstance(window, int) and not isinstance(window, bool) else None,
        locale=plugin["locale"] if isinstance(plugin.get("locale"), str) and plugin["locale"] else None,
        language=theme.get("language") if isinstance(theme.get("language"), str) else "en",
    )


def _plugin_options(plugins, name: str) -> dict:
    """A plugin's options from MkDocs' `plugins` setting (a list of names and one-key mappings,
    or a mapping)."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)) for p in plugins or [])
    for key, options in entries:
        if key == name:
            return options if isinstance(options, dict) else {}
    return {}
