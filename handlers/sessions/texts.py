"""Texts of session logs and action items."""

from __future__ import annotations

SESSION_TITLE = "Log a session"
SESSION_SAVE = "Save log"
SESSION_PAIR_LABEL = "Which mentorship?"
SESSION_DATE_LABEL = "When did you meet?"
SESSION_TAKEAWAYS_LABEL = "Key takeaways"
SESSION_TAKEAWAYS_PLACEHOLDER = "What did you talk about, learn or decide?"
SESSION_ACTIONS_LABEL = "Action items, one per line"
SESSION_ACTIONS_HINT = (
    "Start a line with “me:”, “partner:” or “both:” to say who owns it (no prefix means you). "
    "e.g. “partner: share the RFC template”."
)
SESSION_NEXT_LABEL = "Next meeting"
SESSION_SUMMARY = "*Session log* for {held} (logged by {who})"
SESSION_SUMMARY_FALLBACK = "A session was logged for your mentorship."
SESSION_TAKEAWAYS = "*Takeaways*\n{text}"
SESSION_ITEMS = "*Action items*"
SESSION_NEXT = "*Next meeting:* {day}"
SESSION_FOOTER = "Tick items off with the buttons, in `/mentor status` or on the Home tab."
ITEM_DONE = ":white_check_mark: Ticked off: {text}"
ITEM_ALREADY = "That action item was already ticked off."
