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

# -- rounds (the admin channel) -----------------------------------------------------------------
ROUND_HEADER = "Circles proposal: {program}"
ROUND_FALLBACK = "Circles proposal for {program}: {circles}, {unplaced}."
ROUND_TOTALS = "*{circles}* for {placed} of {waiting} people waiting · {unplaced} · average fit {average}/100"
ROUND_NOBODY_LEFT = "nobody left waiting"
ROUND_LEFT_WAITING = "*{count}* left waiting"
ROUND_CIRCLE = "*Circle {number}* · fit {score}/100 · {size} people\n{members}\n{reasons}"
ROUND_REPEATS = ":information_source: {count} pair(s) shared a circle before (no one else fitted)."
ROUND_UNPLACED_TITLE = "*Left waiting*"
ROUND_UNPLACED = "• {who}: {reason}"
ROUND_MORE_UNPLACED = "…and {more} more: the CSV has everyone."
ROUND_PAGE = "Circles {first}–{last} of {total} (page {page} of {pages})."
ROUND_EMPTY = "Nobody is waiting for a circle right now, so there is nothing to approve."
ROUND_NO_CIRCLE = (
    "No circle can be formed from the people waiting (see why below), so there is nothing to approve."
)
ROUND_APPROVE_BUTTON = "Approve and introduce"
ROUND_DISCARD_BUTTON = "Discard"
ROUND_EDIT_BUTTON = "Edit"
ROUND_PREV_BUTTON = "Previous"
ROUND_NEXT_BUTTON = "Next"
ROUND_CSV_BUTTON = "CSV"
ROUND_CONFIRM_TITLE = "Approve these circles?"
ROUND_CONFIRM_TEXT = "Each circle gets a group DM introduction. This can't be undone."
ROUND_POSTED = "The circles proposal is in <#{channel}>: review it there, then approve or discard."
ROUND_POSTED_HERE = "Here is the circles proposal (the program has no admin channel, so only you see it)."
ROUND_APPROVED = ":white_check_mark: Approved by <@{admin}>: {created} formed and introduced."
ROUND_SKIPPED = "• Not formed ({members}): too few of them are still available."
ROUND_DROPPED = "• {who} was left out: {reason}"
ROUND_DROP_REASONS = {
    "left": "they left the program",
    "unavailable": "they paused or are unavailable",
    "in_circle": "they are in another circle already",
}
ROUND_REGROUPED = "{count} short circle(s) were regrouped into the new circles."
ROUND_DISCARDED = "Discarded by <@{admin}>. Nothing was formed; run `/mentor admin circles` again any time."
ROUND_SUPERSEDED = "Replaced by a newer proposal; nothing was formed from this one."
ROUND_ALREADY = "This round was already {status} by <@{admin}>, so nothing changed."
ROUND_STATUS_WORDS = {"approved": "approved", "discarded": "discarded", "superseded": "replaced"}
ROUND_CSV_COMMENT = "The whole circles proposal (round {round}), one row per person."
ROUND_CSV_FAILED = "I couldn't upload the CSV ({error}). Please try again in a minute."
ROUND_NOT_CIRCLES = "This program runs mentorships: `/mentor admin match` forms pairs. Circles rounds are for circles programs."

# -- per-circle edits ---------------------------------------------------------------------------
EDIT_TITLE = "Edit circle {number}"
EDIT_INTRO = (
    "Circle {number} now: {members}. Move someone, take them out of this round, or bring in someone waiting."
)
EDIT_WHO = "Who"
EDIT_IN_CIRCLE = "In circle {number}"
EDIT_WAITING = "Waiting"
EDIT_TO = "Where to"
EDIT_TO_CIRCLE = "Circle {number}"
EDIT_OUT = "Out of this round (they wait)"
EDIT_SUBMIT = "Save"
EDIT_SAVED = "Proposal updated by <@{admin}>: {who} → {where}."
EDIT_STALE = "The proposal changed since you opened this form. Close it and click Edit again."
EDIT_PROBLEMS = {
    "too_small": "the circle would be smaller than the program allows",
    "too_large": "the circle would be larger than the program allows",
    "no_shared_hour": "the circle would have no working hour in common",
    "blocked": "{first} and {second} asked never to be grouped",
    "reporting_line": "{first} and {second} are in a reporting line",
    "no_common_hours": "{first} and {second} share no working hours",
    "recent_circle": "{first} and {second} shared a circle too recently",
}
EDIT_BREAKS = "That change breaks a rule, so nothing changed: {problems}."
EDIT_REFUSED = (
    "That change can't be made, so nothing changed. Close this form and look at the proposal again."
)
EDIT_REFUSALS = {
    "round_gone": "That round no longer exists.",
    "round_decided": "That round was already decided, so it can't change any more.",
    "not_in_round": "That person isn't in this proposal any more.",
    "no_such_circle": "That circle isn't in this proposal any more.",
}
REGROUPED = (
    "This circle had fewer people than the program's minimum, so the new round regrouped it: "
    "look for your new circle's group DM. Thank you for the conversations here!"
)

# -- the introduction in a circle's group DM ----------------------------------------------------
INTRO_HEADER = "Meet your circle"
INTRO_FALLBACK = "Meet your circle in {program}: {members}."
INTRO_WELCOME = (
    "Welcome to your circle in *{program}*: {members}. You'll meet {cadence} until {ends_on}, "
    "then the circle closes with a short reflection and new circles form."
)
INTRO_WHY = "*Why you*"
INTRO_HOURS = "*Hours you all share* (shown in your own time)"
INTRO_LOCAL = "{who}: {start}–{end}"
INTRO_NO_HOURS = "Find a time that works for everyone: your working hours overlap only a little."
INTRO_HOST = (
    "*Host for the first meeting:* {host}. Pick a time in your shared hours and invite everyone. "
    "The host changes every meeting; I'll tell each one in time."
)
INTRO_PROMPT = "*Your first conversation: {label}*\n{text}"
INTRO_FOOT = (
    "What you share here stays in the circle: admins see only whether circles meet. "
    "`/mentor circle` shows your circle; `/mentor circle pause` or `/mentor circle leave` if you need to step back."
)
