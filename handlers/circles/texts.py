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

# -- joining ------------------------------------------------------------------------------------
JOIN_TITLE = "Join peer circles"
JOIN_EDIT_TITLE = "Your circle topics"
JOIN_SUBMIT = "Join"
JOIN_SAVE = "Save"
JOIN_INTRO = (
    "*{program}*: circles of {low}–{high} people who meet {cadence} for {weeks} weeks, then re-form "
    "with new people. Each circle gets a group DM, a host who changes every meeting and a "
    "conversation prompt to start from."
)
JOIN_AUDIENCE = {
    "mentors": "This program is for mentors.",
    "mentees": "This program is for mentees.",
    "everyone": "",
}
JOIN_TOPICS = "What would you like to talk about?"
JOIN_TOPICS_HINT = "Separate topics with commas. Circles are formed around shared topics."
JOIN_TOPICS_PLACEHOLDER = "e.g. public speaking, giving feedback, career change"
JOIN_DEPARTMENT = "Department"
JOIN_DEPARTMENT_HINT = "Shared with your other programs. Circles mix departments."
JOIN_ZONE_NOTE = (
    "Your time zone comes from your Slack profile: circles are formed around shared working hours."
)
JOINED_FALLBACK = "You're in {program}."
JOINED = (
    "You're in *{program}*. Your topics: {topics}.\n"
    "When the next round forms circles you'll get a group DM with your circle. Until then, "
    "`/mentor circle` shows where you stand."
)
JOIN_UPDATED = "Saved. Your topics in *{program}*: {topics}. They count from the next round."
NOT_CIRCLES = "That isn't a circles program. Type `/mentor join` to see the programs you can join."
