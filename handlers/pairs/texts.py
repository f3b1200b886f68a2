"""Texts shared by the pair's features (roles, cards, buttons) in plain, kind language."""

from __future__ import annotations

ROLE_OF_PARTNER = {"mentor": "your mentee", "mentee": "your mentor"}  # keyed by MY role
FORMER = {"your mentee": "your former mentee", "your mentor": "your former mentor"}
GOAL_PROGRESS_BUTTON = "Update progress"
GOAL_ACHIEVED_BUTTON = "Mark achieved"
GOAL_ADJUST_BUTTON = "Adjust date"
GOAL_MILESTONE_BUTTON = "Done: {title}"
GOAL_ACHIEVED_CONFIRM_TITLE = "Goal achieved?"
GOAL_ACHIEVED_CONFIRM = "Mark this goal as achieved? Your partner will hear the good news."
GOAL_ACHIEVED_CONFIRM_YES = "Yes, achieved!"
GOAL_NEW_BUTTON = "Set a goal"
ITEM_OWNER_BOTH = "both of you"
ITEM_DONE_BUTTON = "Done"
FEEDBACK_BUTTON = "Give feedback"
HISTORY_HEADER = "*Your mentorships so far*"
HISTORY_LINE = "• With {partner} ({role}), {start} – {end}{goals}"
HISTORY_LIVE_END = "now"
HISTORY_GOALS = ", {achieved} achieved"
