"""Every word peer circles say in Slack: one voice, second person, always the next step."""

from __future__ import annotations

# -- the circle settings in the program form -----------------------------------------------------
SETTINGS_TITLE = "*Peer circles*"
SETTINGS_NOTE = (
    "Small groups that meet every cycle for a run of weeks, then re-form. Members join with "
    "`/mentor join <key>`; you form circles with `/mentor admin circles`."
)
AUDIENCE = "Who may join"
AUDIENCE_LABELS = {
    "everyone": "Everyone",
    "mentors": "Mentors only (a mentor community)",
    "mentees": "Mentees only",
}
MIN_SIZE = "Smallest circle"
MAX_SIZE = "Largest circle"
SIZE_HINT = "3 to 8 people (a group DM holds at most 8). Circles of one round differ by one person at most."
WEEKS = "Weeks before circles re-form"
WEEKS_HINT = "From 4 to 52 weeks. At the end each member reflects, and the next round forms new circles."
CADENCE = "How often circles meet"
COOLDOWN = "Rounds before two people may share a circle again"
COOLDOWN_HINT = "Leave empty for never, while others are available. 0 allows any repeat."
# How the program form's confirmation names a changed circle setting.
SETTING_NAMES = {
    "circle_audience": "who may join",
    "circle_min_size": "smallest circle",
    "circle_max_size": "largest circle",
    "circle_weeks": "weeks before circles re-form",
    "circle_cadence": "how often circles meet",
    "circle_cooldown_rounds": "rounds before people share a circle again",
}
