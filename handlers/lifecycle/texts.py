"""Texts of a mentorship's life: status, pause, resume, end."""

from __future__ import annotations

STATUS_HEADER = "Your mentorships"
STATUS_MORE = "More in this program: `/mentor status {key}`."
STATUS_WITH = "*With {partner}*, {role} · {status}"
STATUS_LABELS = {"active": "Active", "paused": "Paused", "ended": "Ended"}
STATUS_PAUSED_UNTIL = "paused until {day}"
STATUS_PAUSED = "paused until you resume"
STATUS_AGREEMENT = "*Agreement:* meet {cadence}{format}{end}"
STATUS_NO_AGREEMENT = "*Agreement:* not agreed yet. Settle cadence, format and end date together."
STATUS_NEXT = "*Next check-in:* {when}"
STATUS_NEXT_NONE = "*Next check-in:* none scheduled"
STATUS_SESSIONS = "*Sessions logged:* {count}{last}"
STATUS_ITEMS = "*Open action items*"
STATUS_ITEMS_NONE = "*Open action items:* none"
STATUS_GOALS = "*Goals*"
STATUS_GOAL_ACHIEVED = "achieved"
STATUS_GOALS_NONE = "*Goals:* none yet. Set one with `/mentor goal`."
LOG_BUTTON = "Log a session"
FORMATS = {"video": "by video", "in_person": "in person", "chat": "by chat", "mixed": "in mixed formats"}
PAUSE_WHICH = "Which mentorship do you want to pause?"
RESUME_WHICH = "Which mentorship do you want to resume?"
PAUSE_BUTTON = "Pause with {name}"
RESUME_BUTTON = "Resume with {name}"
PAUSED_YOU = "Check-ins with {partner} are paused {until}. Type `/mentor resume` when you're ready."
PAUSED_PARTNER = "{who} paused your mentorship check-ins {until}. No action needed; enjoy the break. Either of you can type `/mentor resume`."
UNTIL_DAY = "until {day}, then they resume by themselves"
UNTIL_RESUMED = "until one of you resumes"
RESUMED_YOU = (
    "Welcome back! Check-ins with {partner} are on again. Type `/mentor log` after your next session."
)
RESUMED_PARTNER = (
    "{who} resumed your mentorship. Check-ins are on again; a good moment to plan your next session."
)
END_TITLE = "End the mentorship"
END_SAVE = "End mentorship"
END_INTRO = "Every mentorship ends. Ending it well, with thanks, matters as much as starting it."
END_NOW = "*This ends the mentorship today*, as soon as you press End mentorship."
END_NOW_BEFORE = (
    "*This ends the mentorship today*, before its planned end on {day}. To finish as planned "
    "instead, there's nothing to do: it ends on that day by itself, with a closing note to you both."
)
END_PAIR_LABEL = "Which mentorship?"
END_REASON_LABEL = "Why are you ending it?"
END_REASONS = [
    ("goals_achieved", "We achieved our goals"),
    ("schedule", "Our schedules don't allow it"),
    ("not_a_fit", "It's not a good fit"),
    ("other", "Something else"),
]
END_PRIVATE_LABEL = "Anything you'd like to note for yourself"
END_PRIVATE_HINT = "Kept private to you: not sent to your partner and never shown to admins."
END_GRATITUDE_LABEL = "A thank-you note to your partner"
END_GRATITUDE_PLACEHOLDER = "What did you value most about your time together?"
END_STAY_LABEL = "Would you like to stay in touch?"
END_STAY_OPTIONS = [("yes", "Yes, let's stay in touch"), ("no", "Not for now")]
ENDED_YOU = "Your mentorship with {partner} has ended. Thank you for the time and care you put in."
ENDED_PARTNER = "{who} has concluded your mentorship. Thank you for everything you put into it."
ENDED_FALLBACK = "Your mentorship has ended."
ENDED_GRATITUDE = "*A note from {who}:*\n{text}"
ENDED_STAY = "{who} would love to stay in touch."
ENDED_NEXT_MENTEE = "Whenever you're ready for your next mentor, type `/mentor find`."
ENDED_REMATCH_MENTEE = (
    "Not every match fits, and that's OK. Type `/mentor find` to choose a new mentor, "
    "or wait for the next matching round; the program admins know you'd like a new match."
)
ADMIN_REMATCH = (
    ":recycle: Rematch needed: {mentee} would like a new mentor (their mentorship ended as not a good fit)."
)
ADMIN_REMATCH_FALLBACK = "A mentee needs a new match."
