"""User-facing strings for goals, sessions, feedback and the life of a mentorship.

One voice, second person, always saying what to do next. Placeholders are filled with text
that is already escaped (names, goals) or with mentions.
"""

from __future__ import annotations

ROLE_OF_PARTNER = {"mentor": "your mentee", "mentee": "your mentor"}  # keyed by MY role

# -- goals -------------------------------------------------------------------------------------
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
GOAL_COACH_FOOTER = "Revise your goal above, or tick *Save it as it is* and press *Save goal*."
GOAL_SAVE_ANYWAY_LABEL = "Keep my goal as written"
GOAL_SAVE_ANYWAY_OPTION = "Save it as it is"
GOAL_SAVED = "Your goal is saved: *{title}* (target {target}). Type `/mentor goals` to track it."
GOAL_SAVED_FALLBACK = "Your goal is saved."
GOAL_NEW_FOR_PARTNER = "{who} set a new goal: *{title}* (target {target}). Cheer them on, and type `/mentor goals` to follow along."
GOAL_NEW_FALLBACK = "A new goal was set in your mentorship."
GOALS_NONE = "You have no goals yet. Type `/mentor goal` to set your first SMART goal."
GOALS_HEADER = "Your goals"
GOALS_WITH = "*With {partner}* ({role})"
GOALS_PAIR_NONE = "_No goals yet._"
GOAL_PROGRESS_BUTTON = "Update progress"
GOAL_ACHIEVED_BUTTON = "Mark achieved"
GOAL_ADJUST_BUTTON = "Adjust date"
GOAL_MILESTONE_BUTTON = "Done: {title}"
GOAL_ACHIEVED_CONFIRM_TITLE = "Goal achieved?"
GOAL_ACHIEVED_CONFIRM = "Mark this goal as achieved? Your partner will hear the good news."
GOAL_ACHIEVED_CONFIRM_YES = "Yes, achieved!"
GOAL_NEW_BUTTON = "Set a goal"
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
MILESTONE_ALREADY = "That milestone is already done. Type `/mentor goals` to see what's next."
GOAL_ACHIEVED = ":tada: {who} marked a goal achieved: *{title}*! Take a moment to celebrate together, and think about what comes next."
GOAL_ACHIEVED_FALLBACK = "A goal was achieved!"
GOAL_ALREADY_ACHIEVED = "That goal is already achieved. Type `/mentor goal` to set the next one."

# -- sessions ----------------------------------------------------------------------------------
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
SESSION_NEXT_LABEL = "Next meeting (optional)"
SESSION_SUMMARY = "*Session log* for {held} (logged by {who})"
SESSION_SUMMARY_FALLBACK = "A session was logged for your mentorship."
SESSION_TAKEAWAYS = "*Takeaways*\n{text}"
SESSION_ITEMS = "*Action items*"
SESSION_NEXT = "*Next meeting:* {day}"
SESSION_FOOTER = "Tick items off with the buttons, in `/mentor status` or on the Home tab."
SESSION_LOGGED = "Your session is logged and shared with {partner} in your group DM."
ITEM_OWNER_BOTH = "both of you"
ITEM_DONE_BUTTON = "Done"
ITEM_DONE = ":white_check_mark: Ticked off: {text}"
ITEM_ALREADY = "That action item was already ticked off."

# -- feedback ----------------------------------------------------------------------------------
FEEDBACK_TITLE = "Private feedback"
FEEDBACK_SEND = "Send"
FEEDBACK_GUIDE = (
    "*Only the person you choose will see this.* Good feedback is specific and about behaviour: "
    "“When you shared the RFC before our call, I could come with questions.” Avoid labels "
    "(“you are…”) and absolutes (“always”, “never”)."
)
FEEDBACK_PAIR_LABEL = "Feedback for"
FEEDBACK_WELL_LABEL = "What is going well?"
FEEDBACK_BETTER_LABEL = "What could be better?"
FEEDBACK_SUGGESTION_LABEL = "One specific thing they could try"
FEEDBACK_RATING_LABEL = "How is the mentorship going overall? (optional)"
FEEDBACK_RATING_HINT = "Program admins only ever see an average across the program, never yours."
RATINGS = [("5", "5: Great"), ("4", "4: Good"), ("3", "3: OK"), ("2", "2: Not great"), ("1", "1: Poor")]
FEEDBACK_COACH_HEADER = "*A few wording tips* :seedling:"
FEEDBACK_COACH_FOOTER = "Revise above, or tick *Send it as it is* and press *Send*."
FEEDBACK_SEND_ANYWAY_LABEL = "Keep my wording"
FEEDBACK_SEND_ANYWAY_OPTION = "Send it as it is"
FEEDBACK_RECEIVED = "*{who} sent you private feedback.* Only you can see this."
FEEDBACK_RECEIVED_FALLBACK = "You received private feedback."
FEEDBACK_WELL = "*What's going well*\n{text}"
FEEDBACK_BETTER = "*What could be better*\n{text}"
FEEDBACK_SUGGESTION = "*One thing to try*\n{text}"
FEEDBACK_NEXT = "Talk it over at your next session, or type `/mentor feedback` to send some back."
FEEDBACK_SENT = "Your feedback was sent privately to {partner}. Thank you for taking the time."

# -- status, pause, resume ---------------------------------------------------------------------
STATUS_NONE = (
    "You're not in an active mentorship yet. Mentees: type `/mentor find` to see mentors who fit. "
    "Mentors: you'll get a DM when someone asks you."
)
STATUS_HEADER = "Your mentorships"
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
STATUS_GOALS_NONE = "*Goals:* none yet. Set one with `/mentor goal`."
LOG_BUTTON = "Log a session"
FEEDBACK_BUTTON = "Give feedback"
FORMATS = {"video": "by video", "in_person": "in person", "chat": "by chat", "mixed": "in mixed formats"}
PAUSE_WHICH = "Which mentorship do you want to pause?"
RESUME_WHICH = "Which mentorship do you want to resume?"
PAUSE_BUTTON = "Pause with {name}"
RESUME_BUTTON = "Resume with {name}"
PAUSED_YOU = "Check-ins with {partner} are paused {until}. Type `/mentor resume` when you're ready."
PAUSED_PARTNER = "{who} paused your mentorship check-ins {until}. No action needed; enjoy the break. Either of you can type `/mentor resume`."
PAUSED_FALLBACK = "Your mentorship check-ins are paused."
UNTIL_DAY = "until {day}, then they resume by themselves"
UNTIL_RESUMED = "until one of you resumes"
RESUMED_YOU = (
    "Welcome back! Check-ins with {partner} are on again. Type `/mentor log` after your next session."
)
RESUMED_PARTNER = (
    "{who} resumed your mentorship. Check-ins are on again; a good moment to plan your next session."
)
RESUMED_FALLBACK = "Your mentorship is resumed."

# -- end ---------------------------------------------------------------------------------------
END_TITLE = "End the mentorship"
END_SAVE = "End mentorship"
END_INTRO = "Every mentorship ends. Ending it well, with thanks, matters as much as starting it."
END_PAIR_LABEL = "Which mentorship?"
END_REASON_LABEL = "Why are you ending it?"
END_REASONS = [
    ("goals_achieved", "We achieved our goals"),
    ("schedule", "Our schedules don't allow it"),
    ("not_a_fit", "It's not a good fit"),
    ("other", "Something else"),
]
END_PRIVATE_LABEL = "Anything you'd like to note for yourself (optional)"
END_PRIVATE_HINT = "Kept private to you: not sent to your partner and never shown to admins."
END_GRATITUDE_LABEL = "A thank-you note to your partner (optional)"
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

# -- concern -----------------------------------------------------------------------------------
CONCERN_TITLE = "Confidential concern"
CONCERN_SAVE = "Send to admins"
CONCERN_INTRO = (
    "This goes only to the program admins, confidentially. Your partner never sees it. Use it when "
    "a neutral third party should help."
)
CONCERN_PAIR_LABEL = "Is it about a mentorship? (optional)"
CONCERN_TEXT_LABEL = "What's going on?"
CONCERN_ADMIN = ":lock: *Confidential concern* from {who}{about}\n>{text}"
CONCERN_ADMIN_ABOUT = " about their mentorship with {partner}"
CONCERN_ADMIN_FOOTER = "Please reach out to {who} privately. Never share this with the partner."
CONCERN_ADMIN_FALLBACK = "A confidential concern was raised."
CONCERN_SENT = "Thank you. Your concern went confidentially to the program admins; one of them will reach out to you privately."

# -- my data -----------------------------------------------------------------------------------
MY_DATA_NONE = "I don't have any data about you. Nothing to export."
MY_DATA_DM = "Here is everything stored about you in the mentorship program:"
MY_DATA_FILE = "Here is everything stored about you in the mentorship program, as a JSON file."
MY_DATA_SENT = "I sent a copy of everything stored about you to our DM."
DELETE_PROMPT = (
    "*Erase your data?* This removes your profile, topics, intro, name and email, your goals, "
    "session notes and feedback text, and ends your mentorships (your partners are told kindly). "
    "Only anonymous counts stay. This can't be undone. Tip: `/mentor my-data` first if you'd like a copy."
)
DELETE_PROMPT_FALLBACK = "Erase your mentorship data?"
DELETE_BUTTON = "Erase my data"
DELETE_CONFIRM_TITLE = "Erase everything?"
DELETE_CONFIRM_TEXT = "Your personal data will be erased and your mentorships ended. This can't be undone."
DELETE_CONFIRM_YES = "Erase"
DELETE_DONE = "Done. Your personal data is erased and you've left the program. If you ever want to come back, type `/mentor join`."
DELETE_NONE = "I don't have any data about you, so there was nothing to erase."
PARTNER_LEFT = "Your mentorship has ended because your partner left the mentorship program. Thank you for everything you put into it."
PARTNER_LEFT_MENTEE = " Whenever you're ready, type `/mentor find` to choose a new mentor."

# -- home --------------------------------------------------------------------------------------
HOME_HEADER = "Your mentorship"
HOME_NEXT = "Next check-in with {partner}: {when}"
HOME_ITEMS = "*Open action items*"
HOME_GOALS = "*Goals*"
HOME_NONE = "_Nothing open. Set a goal or log your last session._"
