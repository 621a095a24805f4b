"""The briefing's look-back window: kept apart so that the CLI and the plugin can name the
default without loading the analysis."""

DEFAULT_WINDOW_DAYS = 7
"""How many days back a side's tone and the sides missing today look."""
