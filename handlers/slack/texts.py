"""User-facing strings: one voice, second person, always saying what to do next."""

from __future__ import annotations

# (subcommand, who, what) — the whole surface, in the order `/mentor help` lists it.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("join", "anyone", "Join the program: create your mentor or mentee profile"),
    ("profile", "anyone", "See and edit your profile"),
    ("find", "mentees", "Get your three best mentor suggestions, each with a Request button"),
    ("goal", "pairs", "Set a SMART goal with milestones"),
    ("goals", "pairs", "List your goals with progress; tick off milestones"),
    ("log", "pairs", "Log a session: takeaways and action items"),
    ("feedback", "pairs", "Send private, structured feedback to your mentor or mentee"),
    ("status", "pairs", "See your mentorships, agreement, next check-in and open action items"),
    ("pause [until YYYY-MM-DD]", "pairs", "Pause check-ins (vacation, crunch time)"),
    ("resume", "pairs", "Resume check-ins"),
    ("end", "pairs", "Conclude a mentorship, with a thank-you to your partner"),
    (
        "circle [pause|resume|leave]",
        "circles",
        "Your peer circle: who is in it, who hosts, the next prompt; take a break or leave",
    ),
    ("ask [question]", "anyone", "Ask the program team a question; they answer you in a DM"),
    ("concern", "anyone", "Send a confidential note to the program admins"),
    ("avoid [@person]", "anyone", "Privately name people you should never be paired with (only you see it)"),
    ("my-data", "anyone", "Get a copy of everything stored about you"),
    ("delete-my-data", "anyone", "Erase your personal data from the program"),
    ("admin match", "admins", "Run a matching round: review, then approve or discard"),
    ("admin report", "admins", "Program report: participation, engagement, outcomes (aggregates)"),
    ("admin pairs", "admins", "Health of every pair, with actions"),
    ("admin settings", "admins", "Edit program settings"),
    ("admin announce", "admins", "Message every participant, or only mentors or mentees"),
    ("admin export", "admins", "CSV export of participants, pairs and outcomes"),
    (
        "admin circles",
        "admins",
        "Form peer circles (circles programs): review, edit, then approve or discard",
    ),
    ("admin questions", "admins", "Custom profile questions that steer matching"),
    ("help", "anyone", "Show this overview"),
]

HELP_TITLE = "Mentorbot: what you can do"
HELP_FALLBACK = "Mentorbot commands: " + ", ".join(
    f"/mentor {name}" for name, who, _ in SUBCOMMANDS if who != "admins"
)
HELP_FALLBACK_ADMIN = "Mentorbot commands: " + ", ".join(f"/mentor {name}" for name, _, _ in SUBCOMMANDS)
HELP_FOOTER = (
    "Questions about the program? `/mentor ask` reaches the program team. Something sensitive? "
    "`/mentor concern` reaches the program admins confidentially."
)

UNKNOWN_SUBCOMMAND = "I don't know `/mentor {given}`. Did you mean `/mentor {suggestion}`? Type `/mentor help` for everything I can do."
UNKNOWN_SUBCOMMAND_NO_GUESS = (
    "I don't know `/mentor {given}`. Type `/mentor help` to see everything I can do."
)
COMING_SOON = "`/mentor {name}` isn't available in this installation yet. Type `/mentor help` for what is."
TOO_LONG = "That command is too long. Type `/mentor help` to see the commands."
BUSY = "Mentorbot is busy right now — please try again in a moment."
BUSY_TITLE = "Busy"

PROFILE_TITLE_JOIN = "Join the program"
PROFILE_TITLE_EDIT = "Your profile"
PROFILE_PROGRAM = (
    "Your profile in *{program}*: role, topics, capacity, rhythm and intro are for this program."
)
PROFILE_SHARED_NOTE = (
    "Department, time zone and celebrations are shared by all your programs: change them here and "
    "they change everywhere."
)
PROFILE_SAVED_PROGRAM = "Welcome to {program}, {name}! Here is your profile there."
INVITE_PROGRAM = "This invitation is to *{program}*."
PROFILE_SAVED_FIRST = "Welcome to the program, {name}! Here is your profile."
PROFILE_SAVED_AGAIN = "Your profile is updated. Here is what it says now."
PROFILE_SAVED_FALLBACK = "Your mentorship profile is saved."
PROFILE_NEXT_MENTEE = (
    "*Next:* type `/mentor find` to see mentors who fit, or wait for the next matching round."
)
PROFILE_NEXT_MENTOR = (
    "*Next:* mentees can now find you. You'll get a DM when someone asks you to mentor them."
)
PROFILE_EDIT_BUTTON = "Edit profile"

INVITE_TEXT = (
    "Hi {name}, welcome! This channel runs a mentorship program: mentors share what they know, "
    "mentees grow in what they want. Joining takes two minutes: tell me what you can help with "
    "or want to learn, and I'll suggest people who fit."
)
INVITE_FALLBACK = "You're invited to join the mentorship program."
INVITE_BUTTON = "Join the program"

ROLE_LABELS = {"mentor": "Mentor", "mentee": "Mentee", "both": "Mentor and mentee"}
STATUS_LABELS = {
    "active": "Active",
    "paused": "Paused",
    "inactive": "Inactive",
    "opted_out": "Left the program",
}

# A form whose hidden data the bot did not sign (tampered, or opened for someone else).
FORM_REFUSED = "I couldn't check this form, so nothing was saved. Please open it again."
FORM_REFUSED_TITLE = "Form out of date"

ERROR_APOLOGY = (
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a minute."
)

PROFILE_AVOID_HINT = (
    "Only you see this list. You are never paired with these people, in any program, and they are "
    "never told. Also: `/mentor avoid @name`."
)
AVOID_EMPTY = (
    'Your "don\'t pair me with" list is empty. Add someone privately with `/mentor avoid @name` '
    "(or in your profile): you are never paired with them, in any program, and they are never told."
)
AVOID_HEAD = (
    "*Don't pair me with* (only you see this list; the people on it are never told). "
    "Add someone with `/mentor avoid @name`."
)
AVOID_USAGE = "Name a person with @: `/mentor avoid @name`, `/mentor avoid remove @name`, or `/mentor avoid` to see your list."
AVOID_ADDED = (
    "Done: you won't be paired with {who} in any program. Only you can see this; they are never told."
)
AVOID_ALREADY = "{who} is already on your private list."
AVOID_REMOVED = "{who} is off your private list."
AVOID_NOT_THERE = "{who} isn't on your private list."
