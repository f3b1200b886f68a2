"""Every word peer circles say in Slack: one voice, second person, always the next step."""

from __future__ import annotations

# -- the scheduler's circle messages (handlers.circles.blocks) -------------------------------------
PROMPT_TITLE = "Your circle's prompt"
PROMPT = "*{label}* (meeting {cycle} of {cycles})\n{prompt}"
PROMPT_HOST = "{host} hosts this time: pick a time that suits everyone and start the conversation."
PROMPT_FALLBACK = "Your circle's prompt for this meeting: {label}."

MEET_ASK_TITLE = "Did your circle meet?"
MEET_ASK = (
    "You hosted meeting {cycle} of {cycles} in *{program}*. Did your circle meet? One click logs it; "
    "if you met, add a short summary the circle will see (never anything private)."
)
MEET_ASK_FALLBACK = "Did your circle meet? One click logs it."
BUTTON_MET = "Yes, we met"
BUTTON_NOT_MET = "Not this time"

CLOSING_TITLE = "Your circle comes to a close"
CLOSING = (
    "Thank you for being part of your circle in *{program}* with {members}: {meetings} over "
    "{cycles}. How was it for you? Your score (1–5) helps the program; your comment stays private."
)
CLOSING_FALLBACK = "Your circle comes to a close. Thank you! How was it for you?"
BUTTON_REFLECT = "Share a reflection"

ENDED = (
    "This circle's run in *{program}* is over: {meetings} over {cycles}. Thank you all for showing "
    "up for each other. You'll each get a short reflection; stay in touch here if you like."
)
ENDED_FALLBACK = "This circle's run is over. Thank you all!"

NEXT_ROUND = (
    "{ended} in *{program}* finished {their} run, and {waiting} waiting. The program is ready for "
    "its next round: `mentorbot circles --program {key}` or the admin menu proposes one."
)
NEXT_ROUND_FALLBACK = "Circles in {program} finished; the program is ready for its next round."

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
ROUND_HEADER = "Circles proposed for {program}"
ROUND_FALLBACK = "Circles proposed for {program}: {circles}, {unplaced}."
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
INTRO_FAILED = (
    "I couldn't open the group DM of the circle of {members} ({error}). The circle is formed; it "
    "gets its prompts once its group DM exists. Check those people are still in the workspace, "
    "then try again."
)
INTRO_RETRY = "Try again"
INTRO_RETRIED = "Done: the circle has its group DM and its introduction."
INTRO_DONE_ALREADY = "That circle has its group DM already, so nothing changed."
INTRO_FOOT = (
    "What you share here stays in the circle: admins see only whether circles meet. "
    "`/mentor circle` shows your circle; `/mentor circle pause` or `/mentor circle leave` if you need to step back."
)

# -- /mentor circle -----------------------------------------------------------------------------
STATUS_FALLBACK = "Your circle in {program}."
STATUS_TITLE = "Your circle · {program}"
STATUS_MEMBERS = "*With:* {members}"
STATUS_PAUSED_MARK = " (taking a break)"
STATUS_HOST = "*Host this time:* {host}"
STATUS_HOST_YOU = "*Host this time:* you. Pick a time in your shared hours and invite everyone."
STATUS_NO_HOST = "*Host this time:* nobody: everyone is taking a break."
STATUS_NEXT_PROMPT = "*Next prompt:* {day}"
STATUS_NO_PROMPT = "*Next prompt:* none: the circle closes on {day} with a short reflection."
STATUS_LAST_MET = "*Last meeting:* {day}"
STATUS_NOT_MET = "*Last meeting:* none logged yet."
STATUS_RUN = "Meeting {cycle} of {cycles} · {cadence} until {day}"
STATUS_YOU_PAUSED = (
    "You're taking a break: you stay in the circle and are skipped as host. Resume when you're ready."
)
STATUS_SHORT = (
    "Your circle is smaller than the program's minimum now; the next round will top it up or merge it."
)
STATUS_GROUP = "Your circle's conversation: <#{channel}>."
STATUS_WAITING = (
    "You're in *{program}* and waiting for the next round to form circles. "
    "I'll open a group DM with your circle then. Your topics: {topics}."
)
STATUS_NOT_MEMBER = (
    "You aren't in a circles program yet. Type `/mentor join <key>` to join one (`/mentor join` lists them)."
)
STATUS_HELP = "`/mentor circle pause` · `/mentor circle resume` · `/mentor circle leave` · `/mentor join {key}` to change your topics"
BUTTON_PAUSE = "Take a break"
BUTTON_RESUME = "I'm back"
BUTTON_LEAVE = "Leave the circle"
CIRCLE_USAGE = (
    "Try `/mentor circle`, `/mentor circle pause`, `/mentor circle resume` or `/mentor circle leave`."
)

# -- leaving, pausing, coming back --------------------------------------------------------------
CONFIRM_LEAVE = (
    "Leave your circle in *{program}* (with {members})? Your seat is given up for good; you'll "
    "wait for the next round's circles. The circle only learns that you stepped out."
)
CONFIRM_PAUSE = (
    "Take a break from your circle in *{program}*? You stay in the group DM and are skipped as "
    "host until you come back with `/mentor circle resume`. The circle only learns you're on a break."
)
CONFIRM_RESUME = "Come back to your circle in *{program}*? You'll take your turn as host again."
CONFIRM_TITLE_LEAVE = "Leave your circle?"
CONFIRM_TEXT_LEAVE = "You'll wait for the next round. This can't be undone."
BUTTON_CONFIRM_LEAVE = "Yes, leave"
BUTTON_CONFIRM_PAUSE = "Yes, take a break"
BUTTON_CONFIRM_RESUME = "Yes, I'm back"
LEFT_YOU = "You've left your circle in *{program}*. You'll be placed in a new circle at the next round; `/mentor circle` shows where you stand."
PAUSED_YOU = (
    "You're on a break from your circle in *{program}*. Type `/mentor circle resume` when you're back."
)
RESUMED_YOU = "Welcome back to your circle in *{program}*."
LEFT_CIRCLE = "{who} has stepped out of the circle."
PAUSED_CIRCLE = "{who} is taking a break for now."
RESUMED_CIRCLE = "{who} is back."
NEXT_HOST = "Next host: {host}."
CIRCLE_SHORT = "The circle is now smaller than the program's minimum: keep meeting, and the next round will top it up or merge it."
CIRCLE_CLOSED = "With so few people left, this circle closes here. Thank you all; the next round will place everyone in a new circle."
SEAT_REFUSALS = {
    "not_in_circle": "You aren't in that circle any more.",
    "circle_ended": "That circle has ended.",
    "already_paused": "You're already on a break from that circle.",
    "not_paused": "You aren't on a break from that circle.",
    "circle_gone": "That circle no longer exists.",
}

# -- did your circle meet? ----------------------------------------------------------------------
MET_LOGGED = ":white_check_mark: Logged: your circle met on {day}. Thanks for hosting!"
NOT_MET_LOGGED = "Noted: no meeting this time. The next host takes it from here."
MET_ALREADY = "This meeting was already logged by {who}, so nothing changed."
SUMMARY_BUTTON = "Share a short summary"
SUMMARY_TITLE = "Meeting summary"
SUMMARY_LABEL = "A short summary for your circle"
SUMMARY_HINT = "Everyone in the circle sees it in your group DM; admins never do. Leave out anything private."
SUMMARY_PLACEHOLDER = "e.g. We swapped tips on giving feedback; Ana will share the article."
SUMMARY_POSTED = "*Meeting {cycle} summary* (from {who}):\n{summary}"
SUMMARY_ALREADY = "This meeting already has a summary, so it was kept as it was."
MEET_REFUSALS = {
    "not_in_circle": "You aren't in that circle any more.",
    "circle_gone": "That circle no longer exists.",
    "bad_cycle": "That meeting isn't one of this circle's meetings so far.",
    "bad_day": "Choose a day from the circle's start up to today.",
    "too_long": "Keep the summary under 1,000 characters.",
}

# -- the closing reflection ---------------------------------------------------------------------
REFLECT_TITLE = "Your circle"
REFLECT_INTRO = "How was your circle in *{program}*? Your score helps the program (admins see only an average of several people); your comment is yours alone."
REFLECT_SCORE = "How valuable was your circle?"
REFLECT_SCORES = ["1 · Not at all", "2 · A little", "3 · Somewhat", "4 · Very", "5 · Extremely"]
REFLECT_COMMENT = "A private note (optional)"
REFLECT_COMMENT_HINT = "Nobody else sees it: not your circle, not the admins."
REFLECT_THANKS = "Thank you for your reflection, and for showing up for your circle. You'll be placed in a new circle at the next round."
REFLECT_ALREADY = "You've already shared your reflection on this circle: thank you!"
REFLECT_REFUSALS = {
    "not_in_circle": "You weren't in that circle.",
    "circle_gone": "That circle no longer exists.",
    "bad_score": "Choose a score from 1 to 5.",
    "too_long": "Keep the note under 2,000 characters.",
}

# -- Home ---------------------------------------------------------------------------------------
HOME_NEXT_HOST = "*Next step:* you host this time: pick a time in your shared hours and invite everyone."
HOME_NEXT_MEET = "*Next step:* meet with your circle; {host} hosts this time."
HOME_NEXT_PAUSED = "*Next step:* come back when you're ready with *I'm back*."
HOME_NEXT_WAIT = "*Next step:* nothing to do: the next round forms circles, and I'll DM you."
HOME_WAITING = "You're waiting for the next round to form circles. Your topics: {topics}."
HOME_EDIT = "Edit topics"

# -- admins: circle health, the prompt bank ---------------------------------------------------
REPORT_NOTE = (
    "What circles say (summaries, reflection comments) is never shown to admins. "
    "`/mentor admin pairs` shows each circle's health; `/mentor admin circles` forms a new round."
)
HEALTH_TITLE = "Circle health: {program}"
HEALTH_FALLBACK = "Circle health for {program}: {count} circles."
HEALTH_NONE = "No circle is meeting right now. `/mentor admin circles` proposes a round."
HEALTH_ROW = "{flag} *Circle {id}* · {members}\n{health} · meeting {cycle} · {meetings} logged · last met {last} · until {ends}{paused}"
HEALTH_WORDS = {
    "on_track": "On track",
    "quiet": "Quiet: no meeting for two cycles",
    "short": "Short: below the minimum size",
}
HEALTH_FLAGS = {"on_track": ":large_green_circle:", "quiet": ":large_yellow_circle:", "short": ":red_circle:"}
HEALTH_PAUSED = " · {count} on a break"
HEALTH_NEVER = "never"
HEALTH_MORE = "…and {more} more circles, all on track or less urgent."
PROMPTS_TITLE = "Conversation prompts: {program}"
PROMPTS_FALLBACK = "The conversation prompts of {program}."
PROMPTS_BUILT_IN = "*Built in:* {count} prompts ({kinds}), one per meeting in turn."
PROMPTS_OWN = "*Added by admins:*\n{lines}"
PROMPTS_OWN_NONE = "*Added by admins:* none yet."
PROMPTS_USAGE = "Add one: `/mentor admin prompts add <kind> <text>` (kinds: {kinds}; 10–500 characters)."
PROMPT_ADDED = (
    "Added to the bank of *{program}* ({label}): it joins the rotation from the next prompt any circle gets."
)
PROMPT_BAD = "That prompt can't be added: use one of the kinds ({kinds}) and 10–500 characters, like `/mentor admin prompts add win What went well this month?`."

# -- the weekly circles digest (handlers.circles.blocks) ------------------------------------------
DIGEST_TITLE = "Peer circles this week: {program}"
DIGEST_FIELDS = (
    ("Circles meeting", "living"),
    ("Members in a circle", "members"),
    ("Waiting for a circle", "waiting"),
    ("Meetings logged last week", "meetings_last_week"),
    ("Quiet circles", "quiet"),
    ("Circles below their minimum", "short"),
)
DIGEST_FALLBACK = "Peer circles this week in {program}."
DIGEST_NOTE = "Counts only: what circles talk about stays in the circle."
