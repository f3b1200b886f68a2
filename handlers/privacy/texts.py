"""Texts of concerns and a person's own data (my-data, delete-my-data)."""

from __future__ import annotations

CONCERN_TITLE = "Confidential concern"
CONCERN_SAVE = "Send to admins"
CONCERN_INTRO = (
    "This goes only to the program admins, confidentially. Your partner never sees it. Use it when "
    "a neutral third party should help."
)
CONCERN_PAIR_LABEL = "Is it about a mentorship?"
CONCERN_TEXT_LABEL = "What's going on?"
CONCERN_ADMIN = ":lock: *Confidential concern* from {who}{about}\n>{text}"
CONCERN_ADMIN_ABOUT = " about their mentorship with {partner}"
CONCERN_ADMIN_FOOTER = "Please reach out to {who} privately. Never share this with the partner."
CONCERN_ADMIN_FALLBACK = "A confidential concern was raised."
CONCERN_SENT = "Thank you. Your concern went confidentially to the program admins; one of them will reach out to you privately."
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
