"""The briefing's look-back window: kept apart so that the CLI and the plugin can name the
default without loading the analysis."""

DEFAULT_WINDOW_DAYS = 7
"""How many days back a side's tone and the sides missing today look."""
MAX_WINDOW_DAYS = 73_050
"""200 years: a window that long covers every date the schema accepts (1900–2100); a longer one
only overflows the calendar."""
