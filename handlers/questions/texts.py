"""Texts of `/mentor ask`: a question to the program team, answered in a DM (not confidential)."""

from __future__ import annotations

ASK_TITLE = "Ask the program team"
ASK_SUBMIT = "Send"
ASK_INTRO = (
    "Your question goes to the program team, with your name, and one of them answers you in a DM. "
    "It isn't confidential: for something sensitive, use `/mentor concern` instead."
)
ASK_LABEL = "Your question"
ASK_PLACEHOLDER = "e.g. Can I change my mentor's meeting rhythm?"
ASK_ADMIN = ":raising_hand: *Question* from {who}\n>{text}"
ASK_ADMIN_FOOTER = "Answer {who} in a direct message. They know this question isn't confidential."
ASK_ADMIN_FALLBACK = "A question for the program team from {who}."
ASK_ALREADY = "This question was already sent to the program team; one of them will answer you in a DM."
ASK_SENT = (
    "Sent: your question is with the program team, and one of them will answer you in a DM. "
    "Questions aren't confidential; for something sensitive, use `/mentor concern`."
)
ASK_FAILED = (
    "I couldn't reach the program team just now, so your question wasn't sent. Please try "
    "`/mentor ask` again in a moment, or contact your program team directly."
)
