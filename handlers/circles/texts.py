"""What the circles messages say (second person; each says what to do next)."""

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

ROUND_TITLE = "Circles proposed for {program}"
ROUND_SUMMARY = "{circles}, {unplaced} unplaced ({waiting} waiting)."
ROUND_CIRCLE = "*Circle {number}* · score {score}\n{members}"
ROUND_UNPLACED = "*Not placed this round*"
ROUND_FALLBACK = "Circles proposed for {program}: {circles}."
BUTTON_APPROVE = "Approve"
BUTTON_DISCARD = "Discard"

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
