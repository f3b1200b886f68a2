"""Texts of SMART goals: the modal, coaching, progress, milestones."""

from __future__ import annotations

GOAL_TITLE = "Set a SMART goal"
GOAL_SAVE = "Save goal"
GOAL_INTRO = (
    "A good goal is *specific*, *measurable*, *achievable*, *relevant* and *time-bound*. "
    "Say what you'll have done, how you'll know, and by when."
)
GOAL_PAIR_LABEL = "Which mentorship is this goal for?"
GOAL_TITLE_LABEL = "Your goal: what will you do?"
GOAL_TITLE_PLACEHOLDER = "e.g. Give a 20-minute talk at the engineering all-hands"
GOAL_MEASURE_LABEL = "How will you measure success?"
GOAL_MEASURE_PLACEHOLDER = "e.g. The talk is delivered and I get feedback from 3 people"
GOAL_RELEVANCE_LABEL = "Why does it matter to you?"
GOAL_TARGET_LABEL = "Target date"
GOAL_MILESTONES_LABEL = "First steps (milestones), one per line"
GOAL_MILESTONES_HINT = "Add a date after a dash if you like: “Draft the outline - 2027-03-01”. Up to 10."
GOAL_COACH_HEADER = "*A quick SMART check* :bulb:"
GOAL_COACH_FOOTER = "Revise your goal below, or tick *Save it as it is* and press *Save goal*."
GOAL_SAVE_ANYWAY_LABEL = "Keep my goal as written"
GOAL_SAVE_ANYWAY_OPTION = "Save it as it is"
GOAL_SAVED = "Your goal is saved: *{title}* (target {target}). Type `/mentor goals` to track it."
GOAL_SAVED_FALLBACK = "Your goal is saved."
GOAL_NEW_FOR_PARTNER = "{who} set a new goal: *{title}* (target {target}). Cheer them on, and type `/mentor goals` to follow along."
GOAL_NEW_FALLBACK = "A new goal was set in your mentorship."
GOALS_NONE = "You have no goals yet. Type `/mentor goal` to set your first SMART goal."
GOALS_HEADER = "Your goals"
PAST_GOALS_WITH = "*Goals with {partner}*"
PAST_GOAL_LINE = {
    "achieved": ":white_check_mark: {title} · achieved",
    "closed": "◻️ {title} · closed when the mentorship ended",
    "active": ":dart: {title}",
}
PAST_GOALS_NONE = "_No goals were set._"
GOALS_WITH = "*With {partner}* ({role})"
GOALS_PAIR_NONE = "_No goals yet._"
GOAL_PROGRESS_TITLE = "Update progress"
GOAL_PROGRESS_LABEL = "How far along are you? (0 to 100%)"
GOAL_PROGRESS_SAVED = "Progress on *{title}* is now {bar}."
GOAL_PROGRESS_ERROR = "Use a whole number from 0 to 100."
GOAL_ADJUST_TITLE = "Adjust target date"
GOAL_ADJUST_DATE_LABEL = "New target date"
GOAL_ADJUST_REASON_LABEL = "Why is the date moving?"
GOAL_ADJUST_REASON_HINT = "Only you and your partner see this."
GOAL_ADJUSTED = "{who} moved the target of *{title}* from {old} to {new}. Reason: {reason}"
GOAL_ADJUSTED_FALLBACK = "A goal's target date moved."
MILESTONE_DONE = (
    ":white_check_mark: {who} finished a milestone: *{milestone}* (goal: {title}). Nice step forward!"
)
MILESTONE_DONE_FALLBACK = "A milestone was completed."
MILESTONE_DONE_CONFIRM = "Ticked off: *{milestone}*. I've shared it with {partner} in your group DM."
MILESTONE_ALREADY = "That milestone is already done. Type `/mentor goals` to see what's next."
GOAL_ACHIEVED_CONFIRM = "Marked achieved: *{title}*. Well done! I've shared the news with {partner}."
GOAL_ACHIEVED = ":tada: {who} marked a goal achieved: *{title}*! Take a moment to celebrate together, and think about what comes next."
GOAL_ACHIEVED_FALLBACK = "A goal was achieved!"
GOAL_ALREADY_ACHIEVED = "That goal is already achieved. Type `/mentor goal` to set the next one."
