"""What program admins read: `/mentor admin …`, the settings and announcement forms, the report,
pair health and the notes people get when an admin acts on their pair."""

from __future__ import annotations

NOT_ADMIN = (
    "Sorry, only program admins can do that, and nothing was changed. Admins are members of the "
    "program's admin channel. If you think you should be one, ask a program admin."
)
ADMIN_HELP = (
    "Admin commands: `/mentor admin match`, `/mentor admin pair @mentee @mentor`, `/mentor admin report`, "
    "`/mentor admin pairs`, `/mentor admin settings`, `/mentor admin questions`, `/mentor admin announce`, "
    "`/mentor admin export`, "
    "`/mentor admin add @person`, `/mentor admin remove @person`, `/mentor admin list`. "
    "Programs: `/mentor admin program new|list|edit|archive`; workspace owners and admins also have "
    "`/mentor admin overview` and `/mentor admin cap <number>`."
)
UNKNOWN_ACTION = "I don't know `/mentor admin {given}`. "

# -- which program ---------------------------------------------------------------------------------
PICK_PROGRAM = (
    "You administer several programs. Which one is `/mentor admin {command}` for? "
    "(Type it in a program's admin channel to skip this question.)"
)
PICK_PROGRAM_FALLBACK = "Which program is this for?"
PICK_STALE = (
    "That choice is no longer available, and nothing was changed. Type the `/mentor admin` command again."
)

HIDDEN = "fewer than {threshold} people — hidden"
NOTHING_YET = "none yet"

# -- settings --------------------------------------------------------------------------------------
SETTINGS_TITLE = "Program settings"
SETTINGS_SAVED = "Settings saved: {fields}. They apply from now on; no restart needed."
SETTINGS_UNCHANGED = "Settings saved; nothing was different from before."
SETTINGS_SAVED_FALLBACK = "Program settings saved."
SETTINGS_INTRO = "Changes apply right away to everything the bot does next."
SETTINGS_LABELS = {
    "program_name": "Program name",
    "default_cadence": "Default cadence",
    "program_length_weeks": "Default length",
    "check_in_hour": "Check-in hour",
    "request_expiry_days": "Request expiry",
    "matching_weights": "Matching weights",
    "repeat_cooldown_days": "Repeat cooldown",
    "celebration_channel": "Celebration channel",
    "allow_shoutouts": "Public shout-outs",
    "report_threshold": "Report threshold",
    "time_zone": "Program time zone",
    "round_schedule": "Scheduled rounds",
    "round_auto_approve": "Scheduled rounds approved by themselves",
}
SETTINGS_ROUND_EVERY = "Run a matching round every … weeks"
SETTINGS_ROUND_EVERY_HINT = (
    'A number of weeks (1 to 12), or "off" (the default). The round is posted to the admin channel '
    "for approval at the check-in hour; waiting mentees get a heads-up the day before."
)
SETTINGS_ROUND_DAY = "…on"
SETTINGS_ROUND_AUTO = "Scheduled rounds"
SETTINGS_ROUND_AUTO_OPTION = "Approve them by themselves (pairs are introduced without an admin's click)"
SETTINGS_NAME = "Program name"
SETTINGS_CADENCE = "Default meeting cadence for new pairs"
SETTINGS_LENGTH = "Default program length (weeks)"
SETTINGS_LENGTH_HINT = "From 1 to 104 weeks."
SETTINGS_HOUR = "Check-in hour (each person's local time)"
SETTINGS_HOUR_HINT = "From 7 to 20: check-ins never arrive at night."
SETTINGS_ZONE = "Program time zone"
SETTINGS_ZONE_HINT = (
    "For messages to channels: the weekly admin digest comes on Monday at the check-in hour here. "
    "An IANA name such as Europe/Berlin or America/New_York."
)
SETTINGS_EXPIRY = "Mentor requests expire after (days)"
SETTINGS_EXPIRY_HINT = "From 1 to 30 days; then the mentee is offered other mentors."
SETTINGS_THRESHOLD = "Report: hide private averages below (people)"
SETTINGS_THRESHOLD_HINT = (
    "From 3 to 50 (default 5). Reflection scores and program ratings are private answers: their "
    "averages show only when at least this many people gave them. Counts are always shown."
)
SETTINGS_WEIGHTS_HEADER = (
    "*Matching weights* — how much each part counts when pairing people. Any numbers of 0 or more; "
    "only their proportions matter, and at least one must be above 0."
)
WEIGHT_LABELS = {
    "topic": "Topic fit",
    "hours": "Overlapping working hours",
    "cadence": "Same meeting cadence",
    "format": "Same meeting format",
    "cross_department": "From different departments",
}
SETTINGS_COOLDOWN = "Repeat cooldown: days before two former partners may be matched again"
SETTINGS_COOLDOWN_HINT = 'A number of days, or "never" (the default) to never pair them again.'
SETTINGS_CHANNEL = "Celebration channel"
SETTINGS_CHANNEL_HINT = "Where opt-in public shout-outs go. Invite the bot to that channel."
SETTINGS_SHOUTOUTS = "Public shout-outs"
SETTINGS_SHOUTOUTS_OPTION = "Allow shout-outs in the celebration channel (people still opt in)"
CADENCE_OPTIONS = [("weekly", "Every week"), ("biweekly", "Every two weeks"), ("monthly", "Every month")]

# -- report ----------------------------------------------------------------------------------------
REPORT_TITLE = "Program report: {program}"
REPORT_FALLBACK = "Program report"
REPORT_INTRO = (
    "Aggregates only. Every count is shown; an average of private answers (reflection scores, "
    "program ratings) is hidden when fewer than {threshold} people gave them. "
    "Engagement covers the last {days} days."
)
REPORT_SECTIONS = {
    "participation": "Participation",
    "engagement": "Engagement",
    "outcomes": "Outcomes",
    "satisfaction": "Satisfaction",
    "circles": "Peer circles",
}
REPORT_DEFINITIONS = (
    "_Sessions per pair per month_: sessions logged ÷ months each pair was running in the window. "
    "_Check-in response_: share of check-ins sent at least 7 days ago that were followed by a "
    "logged session within 7 days."
)
REPORT_CHARTS_SHARED = "Charts are in {where}: sessions per month, and goals set vs achieved."
REPORT_NO_CHARTS = "No charts yet: no session or goal in the last six months."
REPORT_CHART_COMMENT = "Program charts (months with nothing logged are left out)."
END_REASON_LABELS = {
    "goals_achieved": "goals achieved",
    "schedule": "schedules did not fit",
    "not_a_fit": "not a fit",
    "other": "other reasons",
    "admin_ended": "ended by an admin",
    "admin_rematch": "rematched by an admin",
    "completed": "program completed",
}
CHART_SESSIONS_TITLE = "Sessions logged per month"
CHART_GOALS_TITLE = "Goals set vs achieved per month"

# -- pairs -----------------------------------------------------------------------------------------
PAIRS_TITLE = "Pair health"
PAIRS_FALLBACK = "Pair health"
PAIRS_NONE = "There are no active or paused pairs yet. Run `/mentor admin match` to pair people."
PAIRS_SUMMARY = (
    "*{at_risk}* at risk · *{needs}* {need} a check-in · *{on_track}* on track · *{paused}* paused"
)
PAIRS_MORE = "Also on track, not listed here: {pairs}. `/mentor admin export` has them all."
PAIRS_PRIVACY = "Reasons come from dates, flags and scores only; nobody's notes or feedback are shown."
HEALTH_LABELS = {
    "at_risk": ":red_circle: At risk",
    "needs_check_in": ":large_yellow_circle: Needs a check-in",
    "on_track": ":large_green_circle: On track",
    "paused": ":double_vertical_bar: Paused",
}
ACTION_LABELS = {
    "nudge": "Nudge both",
    "pause": "Pause",
    "resume": "Resume",
    "end": "End kindly",
    "rematch": "End and rematch",
}
ACTION_DONE = {
    "nudge": "Sent a gentle nudge to {mentor} and {mentee}.",
    "pause": "Paused {mentor} and {mentee}'s mentorship; both were told. Resume it from this list.",
    "resume": "Resumed {mentor} and {mentee}'s mentorship; both were told.",
    "end": "Ended {mentor} and {mentee}'s mentorship with a kind note to both.",
    "rematch": "Ended {mentor} and {mentee}'s mentorship; {mentee} was invited to find a new mentor.",
}
ACTION_STALE = "That menu item is out of date, so nothing was changed. Type `/mentor admin pairs` again."
NUDGE_TEXT = (
    "Hi {name}! A friendly note from the {program} team: it's been a little while since you and "
    "{partner} last met. Could you find 30 minutes in the next week or so? After you meet, "
    "`/mentor log` keeps your notes and action items in one place."
)
PAUSE_TEXT = (
    "Hi {name}, the {program} team has paused your mentorship with {partner} for now, so you won't "
    "get check-ins. Nothing else changes; when you're ready, `/mentor resume` picks it up again."
)
RESUME_TEXT = (
    "Hi {name}, your mentorship with {partner} is active again, so check-ins resume on your usual "
    "cadence. `/mentor status` shows what's next."
)
END_TEXT = (
    "Hi {name}, the {program} team has concluded your mentorship with {partner}. Thank you for the "
    "time and care you put into it. Everything you logged stays yours; `/mentor my-data` shows it."
)
REMATCH_MENTEE_TEXT = (
    "Hi {name}, the {program} team has concluded your mentorship with {partner} so you can find a "
    "mentor who fits you better. Thank you for the effort you put in. Type `/mentor find` to see "
    "mentors who match what you want to grow in."
)
REMATCH_MENTOR_TEXT = (
    "Hi {name}, the {program} team has concluded your mentorship with {partner} so they can work with "
    "another mentor. Thank you for your time and generosity; your capacity is free again for a new mentee."
)

# -- announce --------------------------------------------------------------------------------------
ANNOUNCE_TITLE = "Announcement"
ANNOUNCE_SUBMIT = "Send"
ANNOUNCE_MESSAGE = "Message"
ANNOUNCE_MESSAGE_HINT = "Plain text; the bot sends it as a DM from the program, paced to Slack's limits."
ANNOUNCE_AUDIENCE = "Who should get it?"
ANNOUNCE_AUDIENCES = {
    "everyone": "Everyone in the program ({count})",
    "mentors": "Mentors only ({count})",
    "mentees": "Mentees only ({count})",
}
ANNOUNCE_EMPTY = "Write the message you want to send."
ANNOUNCE_TOO_LONG = "Keep the announcement to {limit} characters or fewer."
ANNOUNCE_NO_AUDIENCE = "Choose who should get the announcement."
ANNOUNCE_HEADER = "A note from {program}"
ANNOUNCE_FOOTER = (
    "Sent by the program admins. Questions? `/mentor ask` reaches them; for something sensitive, "
    "`/mentor concern` is confidential."
)
ANNOUNCE_QUEUED = (
    "Your announcement is queued for {people} ({audience}). The bot sends it at a steady pace, "
    "so everyone has it within a few minutes."
)
ANNOUNCE_NOBODY = (
    "Nobody is in that audience yet, so nothing was sent. `/mentor admin report` shows who has joined."
)
AUDIENCE_WORDS = {"everyone": "everyone", "mentors": "mentors only", "mentees": "mentees only"}

# -- export ----------------------------------------------------------------------------------------
EXPORT_COMMENT = (
    "Program export: participants, pairs and aggregate outcomes. No intros, notes, feedback or "
    "other private text. Handle it as personal data."
)
EXPORT_DONE = "The export is in {where}: participants.csv, pairs.csv and outcomes.csv."
EXPORT_FAILED = "I couldn't upload the export ({error}). Please try again in a minute."

# -- admin list ------------------------------------------------------------------------------------
LIST_USAGE = "Mention the person, for example `/mentor admin add @Sam`."
LIST_ADDED = "{who} is now a program admin."
LIST_ALREADY = "{who} is already on the admin list."
LIST_REMOVED = "{who} is no longer on the admin list."
LIST_REMOVED_NOTE = (
    " They are still an admin while they are in the admin channel or a workspace owner or admin."
)
LIST_NOT_THERE = "{who} wasn't on the admin list, so nothing changed."
LIST_SHOW = "*Program admins*: members of {channel}, workspace owners and admins, and this list: {people}."
LIST_EMPTY = "nobody yet"
LIST_GUEST = "{who} is a guest or deactivated account; guests can't be program admins."

# -- programs --------------------------------------------------------------------------------------
WORKSPACE_ONLY = (
    "Only workspace owners and admins can do that, and nothing was changed. A program's own admins "
    "can edit it with `/mentor admin program edit`."
)
PROGRAM_USAGE = (
    "Programs: `/mentor admin program list`, `/mentor admin program new`, "
    "`/mentor admin program edit [key]`, `/mentor admin program archive <key>`."
)
PROGRAM_UNKNOWN = "There is no program with the key `{key}`. `/mentor admin program list` shows them."
PROGRAM_SAY_KEY = "Which program? Add its key, like `/mentor admin program edit <key>`. Yours: {keys}."
PROGRAM_GONE = "That program no longer exists. Close this form and type the command again."
PROGRAM_NEW_TITLE = "New program"
PROGRAM_EDIT_TITLE = "Edit program"
PROGRAM_INTRO = (
    "Members of the admin channel administer this program (workspace owners and admins administer "
    "every program). Its settings (cadence, length, weights…) are in `/mentor admin settings`."
)
PROGRAM_NAME = "Name"
PROGRAM_KEY = "Key"
PROGRAM_KEY_HINT = "Short and unique: 3–40 lower-case letters, digits and hyphens, like eng-mentoring."
PROGRAM_FORMAT = "Format"
PROGRAM_FORMAT_HINT = (
    "Mentorship: one mentor, one mentee. Peer circles: small groups of peers who meet every cycle."
)
PROGRAM_ADMIN_CHANNEL = "Admin channel"
PROGRAM_ADMIN_CHANNEL_HINT = (
    "Everyone in it administers this program; reports, exports and match proposals go there. "
    "Invite the bot to it."
)
PROGRAM_CHANNEL = "Program channel"
PROGRAM_CHANNEL_HINT = "Optional: people who join it are invited to this program."
PROGRAM_STATUS = "Status"
PROGRAM_STATUS_HINT = (
    "Archived keeps every record, but nobody can join and no more check-ins or reminders are sent."
)
FORMAT_LABELS = {"mentorship": "Mentorship", "circles": "Peer circles"}
STATUS_LABELS = {
    "open": "Open for joining",
    "running": "Running (closed to new members)",
    "archived": "Archived",
}
PROGRAM_CREATED = "Program *{name}* (`{key}`) is created with the default settings. Adjust them with `/mentor admin settings` in its admin channel."
PROGRAM_SAVED = "Program *{name}* saved. Changed: {fields}."
NOTHING_CHANGED = "nothing"
PROGRAM_ARCHIVED = (
    "*{name}* is archived. Every record is kept; nobody can join it and its pairs get no more messages."
)
PROGRAMS_TITLE = "Programs"
PROGRAMS_NONE = "You don't administer any program."
PROGRAMS_HELP = PROGRAM_USAGE
PROGRAM_LINE = "*{name}* · `{key}` · {format} · {status} · admins: {admin} · program channel: {channel}"
NO_CHANNEL = "none"

# -- the workspace overview --------------------------------------------------------------------------
OVERVIEW_TITLE = "Workspace overview"
OVERVIEW_FALLBACK = "Workspace overview: {programs}, {several} in several programs."
OVERVIEW_PARTICIPATION = "Participation by program"
OVERVIEW_PROGRAM = "*{name}* ({status}): {members} · {mentors} · {mentees} · {pairs}"
OVERVIEW_SEVERAL = "*People in several programs:* {count}"
OVERVIEW_LOAD_TITLE = "Mentor load across programs (cap: {cap}; over it: {over})"
OVERVIEW_LOAD = "{who}: {total} ({where}){over}"
OVER_CAP = " — over the cap"
OVERVIEW_NO_LOAD = "No mentor has an active pair yet."
OVERVIEW_FOOT = (
    "Counts only. Members are active participants; mentors and mentees count people with both roles "
    "twice. Set the cap with `/mentor admin cap <number>` (or `off`)."
)
CAP_NONE = "none"
CAP_USAGE = "Give the cap on one mentor's mentees across all programs: `/mentor admin cap 3`, or `off`."
CAP_SET = "From now on a mentor takes at most {cap} across all programs."
CAP_OFF = "There is no longer a cap on a mentor's mentees across programs."
