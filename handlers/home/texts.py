"""Strings for the App Home tab (second person, one voice; placeholders filled with escaped text).

The Home leads with what to do next in the person's state, then their other mentorships (one card
each), requests, history, and the profile folded at the bottom.
"""

from __future__ import annotations

FALLBACK = "Your mentorship dashboard"

# -- newcomers and people who left -------------------------------------------------------------
WELCOME = (
    "*Welcome to {program}.* Mentors share what they know; mentees grow in what they want. "
    "Joining takes two minutes."
)
JOIN_BUTTON = "Join the program"
LEFT = (
    "*You're not in the program any more*, so nobody can ask you for mentoring and I send you "
    "nothing. You're welcome back any time: joining again takes two minutes."
)
REJOIN_BUTTON = "Join again"
HELP_BUTTON = "All commands"

# -- the lead: what's next -----------------------------------------------------------------------
GREETING = "Hi {name}!"
STATE = "*{state}*"
REQUEST_IN = "*{mentee} asked you* on {sent}:\n>{message}"
REQUEST_IN_BELOW = "*{mentee} asked you to be their mentor* on {sent}:\n>{message}"
REQUEST_IN_MORE = "*{count} waiting for your answer.* Each one expires if nobody answers, so please reply."
ACCEPT_BUTTON = "Accept"
DECLINE_BUTTON = "Decline"
TRANSITION = "How would you like to wrap up? Decide with {partner}: one choice counts for you both."
CONCLUDE_BUTTON = "Conclude as planned"
EXTEND_BUTTON = "Extend 8 weeks"
CONTINUE_BUTTON = "Continue informally"
CONFIRM = "{partner} proposed these terms. Confirm them, or suggest a change:\n{terms}"
CONFIRM_BUTTON = "Confirm the agreement"
CHANGE_BUTTON = "Suggest a change"
SET_UP = (
    "First step: agree with {partner} how often you'll meet, how, and until when. It takes a few "
    "minutes, and check-ins start from your first meeting."
)
SET_UP_BUTTON = "Set up our agreement"
WAITING_CONFIRM = "You proposed these terms; waiting for {partner} to confirm them:\n{terms}"
CHECK_IN_OPEN = (
    "*Did you meet {partner}?* Log the session: your takeaways and action items are kept for you both."
)
PAUSED = "Check-ins are on hold until then; either of you can resume it at any time."
RESUME_BUTTON = "Resume now"
NEXT_MEETING = "*Next meeting: {day}*"
NO_MEETING = "No next meeting planned yet: agree one with {partner} when you log a session."
NEXT_CHECK_IN = "I'll check in with you {when}."
AGREED_TERMS = "Agreed: meeting {cadence}{format}, until {end}."
TERMS = "• Meet {cadence}{format}\n• First meeting {first}\n• Until {end}"
TERMS_UNSET = "not set"
FORMATS = {"video": " by video", "in_person": " in person", "chat": " by chat", "mixed": " in mixed formats"}
LOG_BUTTON = "Log a session"
GOAL_BUTTON = "Set a goal"
FEEDBACK_BUTTON = "Give feedback"
ITEMS = "*Open action items* (yours first)"
ITEMS_MORE = "and {count} more: `/mentor status` lists them all."
ITEM_OWNER_BOTH = "both of you"
ITEM_OWNER_YOU = "you"
DONE_BUTTON = "Done"
GOALS = "*Goals*{achieved}"
GOALS_DONE = " · {count} achieved"
GOAL_LINE = ":dart: {title} · {bar} · by {day}"
GOALS_MORE = "and {count} more: `/mentor goals` lists them all."
NO_GOALS_MENTEE = "_No goal yet: one clear goal makes every meeting count._"
REQUEST_OUT = (
    "*You asked {mentor} to be your mentor* ({sent}). They have until {expires} to answer; I'll DM you."
)
REQUEST_OUT_MORE = "*Waiting for answers:*"
REQUEST_OUT_LINE = "• {mentor}: asked {sent}, answer due by {expires}"
FIND_MORE_BUTTON = "Ask another mentor"
ENDED = "{goals}"
ENDED_THANK = "Tell {partner} one thing you're grateful for: it stays between you two."
ENDED_THANKED = "You sent {partner} your thanks."
THANK_BUTTON = "Thank {name}"
FIND_BUTTON = "Find a mentor"
FIND_NEW_BUTTON = "Find a new mentor"
MENTEE_WAITING = (
    "*Let's find you a mentor.* I'll show the three mentors who fit you best; you ask the one you like "
    "with a short note."
)
MENTOR_WAITING = (
    "You have {seats} free. Mentees who fit what you offer ({offers}) will ask you, and you'll get "
    "a DM to accept or decline."
)
MENTOR_FULL = "Every mentee seat you offered is taken. Raise your capacity in your profile to take more."
MENTOR_EDIT_BUTTON = "Review what you offer"
ALSO_MENTEE = "*You're here to grow too.* Find a mentor who fits what you want to learn."

# -- other mentorships: one compact card each ----------------------------------------------------
OTHERS_MENTEES = "*Your mentees*"
OTHERS = "*Your other mentorships*"
CARD = "*{partner}* · {role}\n{status}"
CARD_ROLE = {"mentor": "your mentee", "mentee": "your mentor"}
CARD_NEXT = "next meeting {day}"
CARD_NO_MEETING = "no meeting planned"
CARD_PAUSED = "paused until {until}"
PAUSED_OPEN = "one of you resumes it"
CARD_SET_UP = "agreement to set up"
CARD_CONFIRM = "agreement to confirm"
CARD_WAITING = "agreement waiting for them"
CARD_CHECK_IN = "check-in waiting for your answer"
CARD_TRANSITION = "ends {day}: choose how to wrap up"

# -- history and profile -------------------------------------------------------------------------
GOALS_ACHIEVED = "{count} achieved"
PROFILE = "*Your profile* · {role}{topics}\n{prefs}"
PROFILE_OFFERS = " · offers {topics}"
PROFILE_WANTS = " · wants to grow in {topics}"
PROFILE_PREFS = "For future matches you prefer meeting {cadence}{formats}. Time zone {zone}."
PROFILE_SEATS = " Up to {count} at a time."
PROFILE_PAUSED = " Matching is paused until {day}."
EDIT_BUTTON = "Edit profile"
ROLE_LABELS = {"mentor": "Mentor", "mentee": "Mentee", "both": "Mentor and mentee"}
ADMIN = (
    ":gear: *You run this program.* `/mentor admin report` for the figures, `/mentor admin pairs` for "
    "every pair, `/mentor admin settings`, or `/mentor admin` for the full list."
)
FOOTER = (
    "Type `/mentor help` for every command. Questions: `/mentor ask`. Worries: `/mentor concern` "
    "(confidential)."
)

# -- several programs (issue 12) ----------------------------------------------------------------
PROGRAMS_INTRO = "You're in {count} programs; each has its own section below."
LOAD = "You mentor {mentees} across {programs}."
LOAD_CAP = "You mentor {mentees} across {programs}; the workspace cap is {cap}."
LOAD_ONE_CAP = "You mentor {mentees}; the workspace cap is {cap} across all programs."
MORE_IN_PROGRAM = "More in this program: `/mentor status {key}`."
