"""Parley: hand-edited YAML about negotiations → validated model → static briefing site.

The pipeline is load → validate → model → analyse → render; only `mkdocs_plugin`
imports MkDocs, so every stage can be used and tested without it.
"""

__version__ = "0.2.0"
