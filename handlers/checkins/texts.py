"""Strings for check-ins, nudges, celebrations, reflections and transitions (one voice, second person).

Placeholders are filled with escaped text (handlers.slack.format.esc) or Slack mentions only.
"""

from __future__ import annotations

# -- check-ins ---------------------------------------------------------------------------------
CHECKIN_TITLE = "Time for a check-in"
CHECKIN_MENTOR = (
    "Hi! It's check-in time for your mentorship with {partner}. Did you two meet since the last "
    "check-in? If you did, log it so you both keep your takeaways; if not, pick a time that suits you both."
)
CHECKIN_MENTEE = (
    "Hi! It's check-in time for your mentorship with your mentor {partner}. Did you meet since the "
    "last check-in? Log it if you did; if not, suggest a time to {partner}."
)
CHECKIN_FALLBACK = (
    "Check-in: did you meet with {partner}? Log it with /mentor log, or snooze it for two days."
)
CHECKIN_REMINDER_TITLE = "A friendly reminder"
CHECKIN_REMINDER = "You asked me to remind you: did you manage to meet {partner}? Log it when you do."
CHECKIN_ITEMS = "*Open action items*\n{items}"
CHECKIN_MORE_ITEMS = "…and {count} more: see `/mentor status`."
CHECKIN_CADENCE = "You meet {cadence}."
BUTTON_LOGGED = "We met — log it"
BUTTON_REMIND = "Not yet — remind me in 2 days"
BUTTON_SKIP = "Skip this time"
REMIND_DONE = "Got it — I'll check in with you again on {day}. Nothing else to do for now."
SKIP_DONE = "No problem — this check-in is skipped. I'll check in again at your usual rhythm."
CHECKIN_ANSWERED = "You answered this check-in."

# -- missed meetings ---------------------------------------------------------------------------
MISSED_TITLE = "It's been a while"
MISSED = (
    "It looks like you and {partner} haven't logged a session for two check-in periods. Life gets "
    "busy, that's fine! Would a different rhythm suit you better? You can change how often you meet, "
    "or log a session you forgot with `/mentor log`."
)
MISSED_FALLBACK = (
    "You and {partner} haven't logged a session in a while: adjust your cadence or log a session."
)
BUTTON_ADJUST = "Adjust our cadence"
CADENCE_MODAL_TITLE = "Meeting rhythm"
CADENCE_LABEL = "How often would you like to meet?"
CADENCE_CHANGED = (
    "Done: you'll now meet {cadence}, and check-ins follow that rhythm from today. I've told {partner}."
)
CADENCE_CHANGED_PARTNER = "{who} changed your meeting rhythm to {cadence}. Check-ins follow it from today."
AT_RISK = (
    ":warning: *Pair at risk*: {mentor} (mentor) and {mentee} (mentee) have logged no session for "
    "{periods} check-in periods (they meet {cadence}). Consider reaching out to both."
)
AT_RISK_FALLBACK = "A pair is at risk: no session logged for {periods} periods."

# -- goals ---------------------------------------------------------------------------------------
GOAL_SOON_TITLE = "A goal date is a week away"
GOAL_SOON = (
    "Your goal *{title}* is due on {date}. How close are you? Update its progress with `/mentor goals`."
)
GOAL_SOON_FALLBACK = "Your goal is due in a week: update its progress with /mentor goals."
GOAL_OVERDUE_TITLE = "A goal date has passed"
GOAL_OVERDUE = (
    "Your goal *{title}* was due on {date}. Did you get there? Mark it achieved, or move the date "
    "if it needs more time."
)
GOAL_OVERDUE_FALLBACK = "A goal's target date has passed: mark it achieved or move the date."
BUTTON_GOAL_ACHIEVED = "Mark achieved"
BUTTON_GOAL_ADJUST = "Move the date"

# -- celebrations --------------------------------------------------------------------------------
CELEBRATE_TITLE = ":tada: Something to celebrate"
CELEBRATE = {
    "milestone": "You and {partner} completed a milestone: *{title}*. Every step counts, well done!",
    "goal_achieved": "You and {partner} achieved a goal: *{title}*! Take a moment to enjoy it together.",
    "first_session": "You and {partner} logged your first session. A great start: keep the momentum going!",
    "fifth_session": "Five sessions with {partner}! That's real commitment, well done to you both.",
    "three_months": "Three months of mentorship with {partner} today. Thank you for showing up for each other!",
}
CELEBRATE_FALLBACK = "Something to celebrate with {partner}!"
SHOUTOUT = {
    "milestone": ":clap: {mentor} and {mentee} just completed a milestone together!",
    "goal_achieved": ":trophy: {mentor} and {mentee} just achieved a goal together!",
    "first_session": ":seedling: {mentor} and {mentee} had their first mentoring session!",
    "fifth_session": ":star2: {mentor} and {mentee} have met five times. Going strong!",
    "three_months": ":birthday: {mentor} and {mentee} have been mentoring for three months!",
}
SHOUTOUT_FALLBACK = "A mentorship win to celebrate!"

# -- reflection ----------------------------------------------------------------------------------
REFLECTION_TITLE = "Halfway there: a quick reflection"
REFLECTION = (
    "You're halfway through your mentorship with {partner}. Take two minutes to reflect: are you "
    "moving towards your goals, and is the way you work together effective? Your comment stays private; "
    "admins only ever see scores."
)
REFLECTION_FALLBACK = "Halfway through your mentorship: take a two-minute reflection."
BUTTON_REFLECT = "Reflect now"
REFLECTION_MODAL_TITLE = "Midpoint reflection"
CLOSING_MODAL_TITLE = "Closing survey"
REFLECTION_PROGRESS = "Are you moving towards your goals?"
REFLECTION_RELATIONSHIP = "Is the way you work together effective?"
REFLECTION_COMMENT = "Anything you'd like to add? (private)"
CLOSING_PROGRESS = "How far did you get towards your goals?"
CLOSING_RELATIONSHIP = "How well did you work together?"
SCORE_LABELS = ["1 — not at all", "2 — a little", "3 — somewhat", "4 — mostly", "5 — absolutely"]
REFLECTION_THANKS = "Thank you for reflecting! Your answers are saved."
REFLECTION_THANKS_LOW = (
    "Thank you for being honest. A program admin may reach out to see how they can help; they see your "
    "scores, never your comment. You can also send a confidential note with `/mentor concern`."
)
REFLECTION_ALREADY = "You've already shared this reflection. Thank you!"
REFLECTION_FLAG = (
    ":triangular_flag_on_post: A {reflection} reflection from the pair {mentor} (mentor) and {mentee} "
    "(mentee) scored low. Consider checking in with them."
)
REFLECTION_FLAG_FALLBACK = "A pair's reflection scored low."

# -- transition and close ---------------------------------------------------------------------------
TRANSITION_TITLE = "Two weeks to go"
TRANSITION = (
    "Your mentorship with {partner} is due to end on {date}. How would you like to wrap up? You can "
    "conclude as planned, extend it, or keep in touch informally at a lower rhythm."
)
TRANSITION_FALLBACK = "Your mentorship ends in two weeks: conclude, extend or continue informally."
BUTTON_CONCLUDE = "Conclude as planned"
BUTTON_EXTEND = "Extend 8 weeks"
BUTTON_CONTINUE = "Continue informally"
TRANSITION_CONCLUDED = "Your mentorship with {partner} is concluded. I'm sending you both a closing note now."
TRANSITION_CONCLUDED_THEIRS = "{who} concluded your mentorship today."
TRANSITION_CONCLUDED_TOLD = "{who} concluded your mentorship today. A closing note is on its way to you both."
TRANSITION_CONCLUDE_MINE = (
    "You chose to conclude as planned: your mentorship with {partner} ends on {date}, and I'll send "
    "you both a closing note then. Until then, everything carries on as usual. I've told {partner}."
)
TRANSITION_CONCLUDE_THEIRS = "{who} chose to conclude as planned: your mentorship ends on {date}."
TRANSITION_CONCLUDE_TOLD = (
    "{who} chose to conclude your mentorship as planned, on {date}. Until then everything carries "
    "on as usual, and I'll send you both a closing note that day. If you'd hoped for more time, "
    "talk it over with {who}."
)
TRANSITION_EXTEND_THEIRS = "{who} chose to extend: your mentorship now runs until {date}."
TRANSITION_CONTINUE_THEIRS = "{who} chose to continue informally: you'll meet {cadence} until {date}."
TRANSITION_STALE_CONCLUDE = (
    "This was already decided: {who} chose to conclude as planned, so {yours} ends on {day}. "
    "Until then, log your sessions with `/mentor log` as usual; to end sooner, type "
    "`/mentor end`."
)
TRANSITION_STALE_LATER = (
    "This was already decided: {who} chose to {what}, so {yours} now runs until {day}. "
    "Nothing else changed; I'll ask again two weeks before then."
)
TRANSITION_STALE_ENDED = (
    "This was already decided: {who} chose to {what}, and {yours} ended on {day}. {after}"
)
TRANSITION_STALE_THANKS = (
    "You can still thank {partner} or send feedback with `/mentor feedback` until {day}."
)
TRANSITION_STALE_HISTORY = "Type `/mentor status` to see your mentorships so far."
TRANSITION_EXTENDED = "Extended: your mentorship with {partner} now runs until {date}. I've told {partner}."
TRANSITION_CONTINUED = (
    "You'll continue informally with {partner}, meeting {cadence}, until {date}. I've told {partner}."
)
TRANSITION_PARTNER = "{who} chose to {what}. {detail}"
CLOSING_TITLE = ":sparkles: Thank you"
CLOSING = (
    "Your mentorship with {partner} has concluded. Thank you for the time and care you put in! "
    "Before you go: tell {partner} one thing you're grateful for (`/mentor feedback` keeps it private), "
    "and take the two-minute closing survey."
)
CLOSING_FALLBACK = "Your mentorship has concluded: thank your partner and take the closing survey."
BUTTON_SURVEY = "Take the closing survey"
BUTTON_STAY = "Ping us in 90 days to stay in touch"
STAY_SET = "Lovely: I'll nudge you both to catch up in about three months."
STAY_IN_TOUCH_TITLE = "Time to catch up?"
STAY_IN_TOUCH = (
    "It's been about three months since your mentorship with {partner} ended. How about a quick "
    "catch-up? Just send {partner} a message."
)
STAY_IN_TOUCH_FALLBACK = "It's been three months: how about catching up with {partner}?"

# -- pauses, requests, people who left ------------------------------------------------------------
RESUMED = (
    "Welcome back! Your mentorship with {partner} is active again, and check-ins resume at your usual rhythm."
)
REQUEST_EXPIRED = (
    "{mentor} didn't answer your request in time, so it has expired. That's not about you: mentors get "
    "busy. Type `/mentor find` to see your next suggestions and send a new request."
)
REQUEST_EXPIRED_FALLBACK = "Your mentor request expired: type /mentor find for your next suggestions."
REQUEST_PROMPT_EXPIRED = (
    "This request from {mentee} expired without an answer, so I've pointed them to other mentors. "
    "Nothing to do now."
)
PARTNER_GONE = (
    "{gone} is no longer in this workspace, so I've paused your mentorship with them. A program admin "
    "can help you find a new match: type `/mentor find`, or `/mentor ask` to reach them."
)
PERSON_GONE = (
    "{person} left the workspace or was deactivated. I've marked them inactive and paused their "
    "mentorships; their partners have been told."
)
DELIVERY_FAILED = (
    "I couldn't post a {kind} message to {target} (`{error}`). Please check the channel exists, isn't "
    "archived, and that I'm a member, or update the program settings."
)

# -- admin digest -----------------------------------------------------------------------------------
DIGEST_TITLE = "Weekly mentorship digest"
DIGEST_FALLBACK = "Weekly mentorship digest for the week of {week}: {active}, {sessions} logged."
DIGEST_FALLBACK_UNDATED = "Weekly mentorship digest: {active}, {sessions} logged."
DIGEST_WEEK = "*The week of {week}*"
DIGEST_WEEK_OF = "Week of {day}"  # digests queued before the week was written in words
DIGEST_FIELDS = [
    ("Active pairs", "active_pairs"),
    ("Paused pairs", "paused_pairs"),
    ("Sessions logged", "sessions_logged"),
    ("Goals achieved", "goals_achieved"),
    ("Pairs at risk", "at_risk"),
    ("Pairs that need a check-in", "needs_check_in"),
    ("Requests waiting", "requests_waiting"),
]
DIGEST_RATE = (
    "Check-in response rate: *{rate}* — {answered} of {sent} check-ins answered or followed by a session"
)
DIGEST_BEFORE = "; the week before, {rate} ({answered} of {sent})."
DIGEST_BEFORE_NONE = "; the week before, no check-ins went out."
DIGEST_NO_CHECKINS = "No check-ins went out that week"
DIGEST_SMALL = "With so few check-ins, one answer moves the rate a lot."
DIGEST_NEXT = (
    "Pair counts are the same as in `/mentor admin report` and `/mentor admin pairs` at the time "
    "of sending; the pairs view shows each pair's health and what to do."
)
DIGEST_OPEN_PAIRS = "Open pair health"

STALE_FORM = "This form is out of date; open it again."
TRANSITION_WHAT = {"conclude": "conclude", "extend": "extend", "continue": "continue informally"}
