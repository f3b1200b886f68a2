"""Texts of private feedback."""

from __future__ import annotations

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
FEEDBACK_RATING_LABEL = "How is the mentorship going overall?"
FEEDBACK_RATING_HINT = "Program admins only ever see an average across the program, never yours."
RATINGS = [("5", "5: Great"), ("4", "4: Good"), ("3", "3: OK"), ("2", "2: Not great"), ("1", "1: Poor")]
FEEDBACK_COACH_HEADER = "*A few wording tips* :seedling:"
FEEDBACK_COACH_FOOTER = "Revise your note below, or tick *Send it as it is* and press *Send*."
FEEDBACK_SEND_ANYWAY_LABEL = "Keep my wording"
FEEDBACK_SEND_ANYWAY_OPTION = "Send it as it is"
FEEDBACK_RECEIVED = "*{who} sent you private feedback.* Only you can see this."
FEEDBACK_RECEIVED_FALLBACK = "You received private feedback."
FEEDBACK_WELL = "*What's going well*\n{text}"
FEEDBACK_BETTER = "*What could be better*\n{text}"
FEEDBACK_SUGGESTION = "*One thing to try*\n{text}"
FEEDBACK_NEXT = "Talk it over at your next session, or type `/mentor feedback` to send some back."
FEEDBACK_SENT = "Your feedback was sent privately to {partner}. Thank you for taking the time."
