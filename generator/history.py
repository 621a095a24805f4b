"""Part of reading the briefings: when each file last changed, from the repository's git history.

A briefing changes when an analyst corrects one of its articles or the editor its notes, often
days after it was first published; the feed's `updated` dates say so, so that feed readers show
the correction. The dates are commit times, never the clock or a file's modification time: the
same commit builds the same feed, wherever and whenever it is built. Without git, outside a
repository, or in a shallow clone (whose oldest commit seems to change every file) there is no
history, and each briefing is dated by its own day.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_TIMEOUT = 60
"""Seconds `git log` may take before the history is done without."""


def last_changes(root: str | os.PathLike) -> dict[str, int]:
    """Path under `root` (with `/`) → Unix time of the last commit that changed it; {} when the
    history cannot be read."""
    def git(*args: str) -> str:
        # The repository's own configuration could name programs to run (an external diff, a
        # file-system monitor): switched off for these read-only commands.
        command = ["git", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", *args]
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True,
                              encoding="utf-8", timeout=GIT_TIMEOUT).stdout

    root = Path(root)
    if not root.is_dir():
        return {}
    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        log = git("log", "--no-ext-diff", "--no-textconv", "--no-renames", "--relative", "--name-only",
                  "--format=%x00%ct", "--", ".")
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return {}
    changed: dict[str, int] = {}
    for commit in log.split("\0")[1:]:  # newest first: a file's first mention is its last change
        lines = commit.splitlines()
        if not lines or not lines[0].isdigit():
            continue
        when = int(lines[0])
        for path in lines[1:]:
            if path:
                changed.setdefault(path, when)
    return changed
