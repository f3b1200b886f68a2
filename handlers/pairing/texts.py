"""User-facing strings for pairing: suggestions, requests, rounds, intros and the agreement.

One voice, second person, always saying what to do next. Placeholders marked {…} are filled with
escaped text or mentions by the builders.
"""

from __future__ import annotations

# -- /mentor find -----------------------------------------------------------------------------
FIND_FALLBACK = "Your mentor suggestions"
FIND_HEADER = "Mentors who fit you"
FIND_INTRO = (
    "Here are the mentors who fit you best right now, and why. Pick one and send a personal "
    "request: they'll see your profile and your message."
)
FIND_PENDING = "You have {pending} of {limit} requests waiting for an answer."
FIND_SCORE = "Fit {score}/100"
FIND_REQUEST_BUTTON = "Request {name}"
FIND_NONE = "I have no mentor to suggest right now: {why}."
FIND_NONE_ASKED_ALL = (
    "You've already asked every mentor who fits you right now, and {pending} still waiting for an "
    "answer. I'll DM you as soon as one answers."
)
FIND_NONE_ANSWERED_ALL = (
    "Every mentor who fits you has already answered an earlier request of yours, or let it run out, "
    "so I won't ask them again."
)
FIND_NONE_PAST_PARTNERS = (
    "The only mentors who fit you are people you've already been paired with ({names}), and the "
    "program pairs new people."
)
FIND_NONE_PAST_PARTNER = (
    "The only mentor who fits you is {names}, who was already your mentor, and the program pairs new people."
)
FIND_NONE_PAST_AND_ANSWERED = (
    "Of the mentors who fit you, {names} already mentored you (the program pairs new people), and "
    "the others have already answered an earlier request of yours, so I won't ask them again."
)
FIND_NONE_PAST_AGAIN = " They can be suggested again from {day}."
FIND_NONE_NEXT = (
    "*What you can do:* widen your topics with `/mentor profile` (related wording counts too), "
    "or wait for the next matching round: the program admins pair everyone still waiting."
)

# -- the request modal -------------------------------------------------------------------------
REQUEST_TITLE = "Ask for mentoring"
REQUEST_SUBMIT = "Send request"
REQUEST_TO = "You're asking *{mentor}* to mentor you. Why they fit: {reasons}"
REQUEST_LABEL = "Your personal message"
REQUEST_PLACEHOLDER = "What you admire in their work, what you hope to gain, how much time you're asking for"
REQUEST_HINT = (
    "20 to 1500 characters. Say what you admire in their work, what you hope to gain, and what you "
    "would like to work on first. A personal note gets a yes far more often."
)
REQUEST_SENT = (
    "Your request is on its way to {mentor}. I'll let you know as soon as they answer "
    "(requests stay open until {expires}). You have {pending} of {limit} requests waiting."
)
REQUEST_SENT_FALLBACK = "Your mentoring request was sent."

# -- the mentor's prompt -----------------------------------------------------------------------
PROMPT_FALLBACK = "{mentee} would like you to be their mentor."
PROMPT_TITLE = "{mentee} would like you to be their mentor"
PROMPT_MESSAGE = "*Their message*\n>{message}"
PROMPT_WHY = "*Why you two fit*\n{reasons}"
PROMPT_EXPIRES = "Please answer by {expires}. You mentor {taken} now, out of {capacity} at most."
ACCEPT_BUTTON = "Accept"
DECLINE_BUTTON = "Decline"
PROMPT_ACCEPTED = ":white_check_mark: You accepted {mentee}'s request. I've opened a group DM for you both."
PROMPT_DECLINED = "You declined {mentee}'s request. Thank you for answering; I've let them know kindly."
PROMPT_WITHDRAWN = "{mentee} found a mentor elsewhere, so this request was withdrawn. Nothing to do."
PROMPT_EXPIRED = "This request from {mentee} expired before it was answered."
PROMPT_FULL = (
    "You're at capacity ({capacity}), so this request from {mentee} was closed and I've let "
    "them know kindly. To take more mentees, raise your capacity with `/mentor profile`."
)
PROMPT_MENTEE_GONE = "{mentee} isn't looking for a mentor any more, so this request was closed."

# -- decline modal -----------------------------------------------------------------------------
DECLINE_TITLE = "Decline request"
DECLINE_SUBMIT = "Decline"
DECLINE_TEXT = (
    "Thanks for answering {mentee}. Saying no is fine: a short, kind note helps them move on "
    "(it's optional, and only they will see it)."
)
DECLINE_LABEL = "A kind note to {mentee}"
DECLINE_PLACEHOLDER = "e.g. I'm stretched this quarter; Grace would be a great fit for leadership."

# -- the mentee hears back ---------------------------------------------------------------------
ACCEPTED_FALLBACK = "{mentor} accepted your request!"
ACCEPTED_TEXT = (
    ":tada: *{mentor} accepted your request!* I've opened a group DM for you both with an intro and "
    "a suggested first conversation. Next: set up your agreement there."
)
DECLINED_FALLBACK = "{mentor} can't mentor you right now."
DECLINED_TEXT = (
    "{mentor} can't take you on as a mentee right now. That's about their time, not about you: "
    "good matches often take a second try."
)
DECLINED_NOTE = "*Their note to you*\n>{note}"
FULL_TEXT = (
    "{mentor} has just filled their last mentoring place, so they can't take your request. "
    "That's about timing, not about you."
)
NEXT_SUGGESTION = "*Next suggestion:* {mentor} ({reasons})."
NEXT_NONE = "I have no other mentor to suggest right now. " + FIND_NONE_NEXT
WITHDRAWN_FALLBACK = "A mentoring request to you was withdrawn."
WITHDRAWN_TEXT = (
    "{mentee} has found a mentor, so their request to you is withdrawn. Thank you for considering "
    "it; there's nothing you need to do."
)
MENTEE_WITHDRAWN_NOTE = "Your other open requests ({mentors}) were withdrawn, with a note to each."

# -- admin rounds ------------------------------------------------------------------------------
ROUND_FALLBACK = "Matching round proposal: {pairs}, {unmatched}."
ROUND_HEADER = "Matching round proposal"
ROUND_TOTALS = (
    "*{pairs}* proposed · {unmatched} · {mentees} and {mentors} considered · average fit {average}/100"
)
ROUND_OPTIMAL = "Proven the best possible round: no other set of allowed pairs scores higher in total."
ROUND_PAIR = "*{mentee}* ← {mentor} · fit {score}/100\n{reasons}"
ROUND_UNMATCHED_COUNT = "*{mentees}* unmatched"
ROUND_ALL_MATCHED = "everyone matched"
ROUND_UNMATCHED_TITLE = "*Unmatched*"
ROUND_UNMATCHED = "• {mentee}: {reason}"
ROUND_MORE = "…and {more} more (every one is in the CSV file posted with the proposal)."
ROUND_PAGE_OF = "Pairs {first}–{last} of {total} · page {page} of {pages} · the full list is in the CSV file"
ROUND_PREVIOUS = "◀ Previous"
ROUND_NEXT = "Next ▶"
ROUND_REMOVE = "Remove this pair"
ROUND_SWAP = "Swap mentor"
ROUND_APPROVE_REST_BUTTON = "Approve the rest"
ROUND_HELD_TITLE = "*Held back by an admin* (they wait for the next round)"
ROUND_HELD = "• {mentee} (was proposed with {mentor}; removed by <@{admin}>)"
ROUND_SWAPPED = "_mentor swapped by <@{admin}>_"
ROUND_CSV_COMMENT = "Round {round}: the full proposal ({pairs}) as a CSV file."
ROUND_EDIT_STALE = "This proposal changed since that was shown, so nothing changed. The message now shows the current proposal."
ROUND_EDIT_CONFLICT = (
    "Another admin changed this proposal at the same moment; yours was not applied. "
    "Look at the current proposal and try again."
)
ROUND_EDIT_NOT_ALLOWED = (
    "That mentor is no longer an allowed choice (full, paused or ruled out since), so nothing changed."
)
ROUND_REMOVED = "Removed: <@{mentee}> is held back and waits for the next round."
ROUND_SWAP_DONE = "Swapped: <@{mentee}> is now proposed with <@{mentor}>."
SWAP_TITLE = "Swap mentor"
SWAP_SUBMIT = "Swap"
SWAP_INTRO = "Next best allowed mentors for {mentee} (now proposed with {mentor}), with their fit:"
SWAP_CHOICE = "*{mentor}* · fit {score}/100\n{reasons}"
SWAP_LABEL = "New mentor"
SWAP_NONE = (
    "No other mentor is an allowed choice for {mentee} right now (all full, ruled out or already "
    "proposed to others). Remove the pair instead to hold them back."
)
ROUND_EMPTY = "Nobody is waiting for a mentor right now, so there is nothing to approve."
ROUND_APPROVE_BUTTON = "Approve and introduce"
ROUND_DISCARD_BUTTON = "Discard"
ROUND_CONFIRM_TITLE = "Approve this round?"
ROUND_CONFIRM_TEXT = "Each pair gets a group DM introduction. This can't be undone."
ROUND_POSTED = "The proposal is in <#{channel}>: review it there and approve or discard."
ROUND_POSTED_HERE = "Here is the proposal (no admin channel is configured, so only you see it)."
ROUND_APPROVED = ":white_check_mark: Approved by <@{admin}>: {created} created and introduced."
ROUND_SKIPPED = "• {mentee} and {mentor} were not paired: {reason}"
ROUND_DISCARDED = "Discarded by <@{admin}>. Nothing was created; run `/mentor admin match` again any time."
ROUND_SUPERSEDED = "Replaced by a newer proposal; nothing was created from this one."
ROUND_ALREADY = "This round was already {status} by <@{admin}>, so nothing changed."
ROUND_SKIP_REASONS = {
    "left": "one of them left the program",
    "unavailable": "one of them is paused or inactive now",
    "has_mentor": "the mentee found a mentor meanwhile",
    "mentor_full": "the mentor has no free place any more",
}
ROUND_STATUS_WORDS = {
    "approved": "approved",
    "discarded": "discarded",
    "superseded": "replaced by a newer proposal",
}

# -- intros ------------------------------------------------------------------------------------
INTRO_FALLBACK = "Meet your mentorship partner: {mentor} (mentor) and {mentee} (mentee)."
INTRO_HEADER = "Meet your mentorship partner"
INTRO_TEXT = "{mentor} is mentoring {mentee}. Welcome to the program, both of you!"
INTRO_ABOUT = "*{name}* ({role})\n{intro}"
INTRO_NO_INTRO = "_No intro yet._"
INTRO_WHY = "*Why you were matched*\n{reasons}"
INTRO_HOURS = (
    "*When you can meet*\nYou share {hours} on weekdays: {span_a} for {name_a}, {span_b} for {name_b} "
    "(each in your own time)."
)
INTRO_HOURS_CHANGE = "From {day}, as the clocks change: {span_a} for {name_a}, {span_b} for {name_b}."
INTRO_CAUTIONS = "*Worth knowing*\n{cautions}"
INTRO_NO_HOURS = (
    ":warning: No shared working hours (09:00–17:00 on weekdays). Try an early or late slot, "
    "e.g. {span_a} for {name_a} ({span_b} for {name_b}), or keep in touch with async updates between calls."
)
INTRO_NO_HOURS_NO_SLOT = (
    ":warning: No shared working hours (09:00–17:00 on weekdays), and no sensible hour for both. "
    "Try async updates: a written check-in you each answer in your own day."
)
INTRO_NO_FORMAT = (
    ":warning: No meeting format in common ({formats_a} for {name_a}; {formats_b} for {name_b}): "
    "agree together how you'll meet."
)
INTRO_FIRST_TALK = (
    "*A suggested first conversation (30 minutes)*\n"
    "• *Expectations:* what each of you hopes to get out of this\n"
    "• *Goals:* one or two things {mentee} wants to grow in first\n"
    "• *Meeting frequency:* how often and how long you'll meet\n"
    "• *Communication:* Slack, video, in person; how quickly you answer\n"
    "• *Boundaries:* topics or times that are off limits\n"
    "• *Confidentiality:* what's said between you stays between you"
)
INTRO_NEXT = "When you've talked, one of you sets up the agreement and the other confirms it."
AGREEMENT_BUTTON = "Set up our agreement"

# -- the agreement -----------------------------------------------------------------------------
AGREEMENT_TITLE = "Our agreement"
AGREEMENT_SUBMIT = "Propose"
AGREEMENT_INTRO = (
    "Agree how you'll work together with {partner}. They'll confirm it or suggest a change; the "
    "agreed rhythm and end date drive your check-in reminders."
)
AGREEMENT_CADENCE_LABEL = "How often will you meet?"
AGREEMENT_FORMAT_LABEL = "How will you meet?"
AGREEMENT_FIRST_LABEL = "First meeting"
AGREEMENT_TIME_LABEL = "At (your time, {zone})"
AGREEMENT_TIME_HINT = "Suggested: the next working-day slot you both share."
AGREEMENT_END_LABEL = "End of the mentorship"
AGREEMENT_END_HINT = "The program suggests {weeks} weeks; you can wrap up earlier or extend later."
AGREEMENT_BOUNDARIES_LABEL = "Boundaries"
AGREEMENT_BOUNDARIES_PLACEHOLDER = "e.g. no meetings on Fridays; career topics only, not my current team"
AGREEMENT_NOTES_LABEL = "Notes"
AGREEMENT_NOTES_PLACEHOLDER = "e.g. we'll keep a shared doc of goals and takeaways"
AGREEMENT_CONFIDENTIAL_LABEL = "Confidentiality"
AGREEMENT_CONFIDENTIAL_OPTION = "What we discuss stays between us unless we both agree otherwise"
AGREEMENT_CADENCES = {"weekly": "Every week", "biweekly": "Every two weeks", "monthly": "Every month"}
AGREEMENT_FORMATS = {"video": "Video call", "in_person": "In person", "chat": "Chat"}
AGREEMENT_ERRORS = {
    "cadence_missing": "Choose how often you'll meet.",
    "format_missing": "Choose how you'll meet.",
    "first_missing": "Pick the date of your first meeting.",
    "first_past": "The first meeting can't be in the past; pick today or a later date.",
    "time_missing": "Pick the time of your first meeting.",
    "time_past": "That time has already passed today; pick a later time or another day.",
    "time_gap": "That time doesn't exist on that day: the clocks go forward. Pick a later time.",
    "first_far": "Pick a first meeting within the next 90 days.",
    "end_missing": "Pick when the mentorship ends.",
    "end_before_first": "The end must come after the first meeting's day.",
    "end_far": "Keep the mentorship within two years of the first meeting; you can extend it later.",
    "text_long": "Please keep this under 1000 characters.",
    "confidential_missing": "Please acknowledge confidentiality: it's what makes mentoring safe.",
}
AGREEMENT_PROPOSED_FALLBACK = "{proposer} proposed your mentorship agreement."
AGREEMENT_PROPOSED = (
    "<@{proposer}> proposed your agreement. <@{partner}>, please confirm it or suggest a change."
)
AGREEMENT_CONFIRM_BUTTON = "Confirm"
AGREEMENT_CHANGE_BUTTON = "Suggest a change"
AGREEMENT_SENT = "Your proposal is with {partner}; I'll tell you when they confirm it."
AGREEMENT_AGREED_FALLBACK = "Your mentorship agreement is confirmed."
AGREEMENT_AGREED = (
    ":handshake: <@{confirmer}> confirmed the agreement. You're all set: first meeting on "
    "{first}, then {cadence} until {end}. I'll send check-in reminders on that rhythm."
)
AGREEMENT_SUMMARY_FIELDS = {
    "cadence": "*Meeting*\n{value}",
    "format": "*Format*\n{value}",
    "first": "*First meeting*\n{value}",
    "end": "*Ends*\n{value}",
}
AGREEMENT_TERMS = "*The terms*"
AGREEMENT_BOUNDARIES = "*Boundaries*\n>{text}"
AGREEMENT_NOTES = "*Notes*\n>{text}"
AGREEMENT_CONFIDENTIAL_LINE = ":lock: Both of you keep what you discuss confidential."
AGREEMENT_SUPERSEDED = "This proposal was replaced by a newer one below."
AGREEMENT_CONFIRMED_HERE = ":white_check_mark: Confirmed by <@{confirmer}>."
CALENDAR_INVITE = (
    ":calendar: Your mentoring meetings as a calendar file: {cadence} from {first} until {end}. "
    "Open it to add the whole series to your calendar."
)
CALENDAR_UPDATE = (
    ":calendar: Updated calendar file: now {cadence} from {first} until {end}. Open it to update "
    "the series in your calendar; it replaces the earlier one."
)
CALENDAR_ENDED = (
    ":calendar: Your mentorship has ended, so here is the calendar file once more: open it to "
    "remove the meetings still ahead from your calendar."
)
AGREEMENT_ALREADY_AGREED = (
    "Your agreement is already confirmed: {cadence}, first meeting {first}, until {end}. "
    "To change your rhythm later, use `/mentor status`."
)

# -- refusals (PairingRefused codes) -----------------------------------------------------------
HEADSUP_FALLBACK = "A matching round runs tomorrow: check your profile."
HEADSUP_TEXT = (
    "*A matching round runs tomorrow* in {program}. You're waiting for a mentor, so you'll be "
    "included: take a minute to check your profile (what you'd like to learn, your rhythm and "
    "formats) so the match fits. Type `/mentor profile` to update it."
)
MANUAL_USAGE = "Usage: `/mentor admin pair @mentee @mentor` (both members of this program)."
MANUAL_HEADER = "Pair {mentee} with {mentor}?"
MANUAL_FIT = "Fit *{score}/100*\n{reasons}"
MANUAL_TURNED_DOWN = (
    "{mentor} declined {mentee}'s request (or let it lapse) recently; make sure they agree to this."
)
MANUAL_CONFIRM = "Pair and introduce"
MANUAL_CONFIRM_TITLE = "Pair these two?"
MANUAL_CONFIRM_TEXT = "They get a group DM introduction, as with any other pair."
MANUAL_FALLBACK = "Pair {mentee} with {mentor}?"
MANUAL_DONE = ":white_check_mark: Paired by <@{admin}>: {mentee} ← {mentor}, introduced in a group DM."
MANUAL_VIOLATIONS = {
    "same_person": "a person cannot mentor themselves",
    "unavailable": "one of them is paused",
    "not_a_mentor": "the mentor offers no topics",
    "reporting_line": "they are in the same reporting line",
    "active_pair": "they are already paired",
    "previous_pair": "they were paired before and the program's repeat cooldown has not passed",
}
REFUSALS = {
    "manual_not_mentee": "Not possible: the first person is not a mentee of this program.",
    "manual_not_mentor": "Not possible: the second person is not a mentor of this program.",
    "manual_unavailable": "Not possible: one of them is paused or has left the program.",
    "manual_has_mentor": "Not possible: the mentee already has a mentor.",
    "manual_mentor_full": "Not possible: the mentor has no free place.",
    "manual_private": "Not possible for a private reason.",
    "manual_violation": "Not possible: {rule}.",
    "not_enrolled": "You haven't joined the program yet. Type `/mentor join` to create your profile.",
    "left_program": "You've left the program, so I'm not suggesting mentors. To come back, type `/mentor join`.",
    "not_mentee": (
        "Suggestions are for mentees. To look for a mentor too, choose *Both* with `/mentor profile`."
    ),
    "you_paused": "You're paused in the program, so I'm not suggesting mentors. Type `/mentor resume` when you're back.",
    "has_mentor": "You already have a mentor. Type `/mentor status` to see your mentorship.",
    "mentor_gone": "That mentor isn't in the program any more. Type `/mentor find` for fresh suggestions.",
    "duplicate": "You've already asked <@{mentor}>; they'll answer soon. Type `/mentor find` to see others.",
    "limit": (
        "You already have {limit} requests waiting, the most at a time, so this one wasn't sent. "
        "Wait for an answer first; you'll see it in your DMs and on the Home tab."
    ),
    "message_missing": "Please write a personal message: it's what your mentor reads first.",
    "message_short": "Please write a little more (at least 20 characters): what you admire, what you hope to gain.",
    "message_long": "Please keep your message under 1500 characters.",
    "note_long": "Please keep the note under 500 characters.",
    "request_gone": "I can't find that request. It may have been for someone else.",
    "answered_accepted": "You've already accepted this request.",
    "answered_declined": "This request is already closed.",
    "answered_withdrawn": "This request was withdrawn: <@{mentee}> found a mentor elsewhere.",
    "answered_expired": "This request expired before it was answered.",
    "round_gone": "I can't find that matching round.",
    "circles_program": "That program forms peer circles, not pairs: run a circles round for it instead.",
    "mentorship_gone": "I can't find that mentorship, or you're not part of it.",
    "mentorship_ended": (
        "This mentorship has ended, so its agreement can't change. Type `/mentor status` to see where you are."
    ),
    "already_agreed": "Your agreement is already confirmed. To change your rhythm later, use `/mentor status`.",
    "proposal_replaced": (
        "This proposal was replaced by a newer one, so nothing was confirmed. Confirm the latest "
        "proposal in your conversation with your partner, or from your Home tab."
    ),
    "nothing_to_confirm": "There's no proposal to confirm yet. Use *Set up our agreement* to propose one.",
    "own_proposal": "This is your own proposal; <@{partner}> confirms it.",
    "mentor_at_cap": (
        "<@{mentor}> already mentors as many people, across all programs, as this workspace allows. "
        "Type `/mentor find` for others."
    ),
    "you_at_cap": (
        "You already mentor {cap} people across all programs, the most this workspace allows, so "
        "nothing was accepted. Decline this request, or accept it once a mentorship has ended."
    ),
    "violation_same_person": "You can't be your own mentor. Type `/mentor find` for suggestions.",
    "violation_unavailable": "<@{mentor}> is paused right now. Type `/mentor find` for others.",
    "violation_not_a_mentor": "<@{mentor}> isn't offering mentoring right now. Type `/mentor find` for others.",
    "violation_mentor_full": "<@{mentor}> has no free mentoring place right now. Type `/mentor find` for others.",
    "violation_blocked": "Pairing you with <@{mentor}> isn't possible. Type `/mentor find` for others.",
    "violation_required_answer": (
        "<@{mentor}> can't be your mentor in this program: it requires the same answer to one of its "
        "profile questions (see `/mentor profile`). Type `/mentor find` for others."
    ),
    "violation_reporting_line": (
        "You and <@{mentor}> are in the same reporting line, and mentoring works best outside it. "
        "Type `/mentor find` for others."
    ),
    "violation_active_pair": "You're already paired with <@{mentor}>.",
    "violation_previous_pair": (
        "You've been paired with <@{mentor}> before; the program pairs new people. Type `/mentor find` for others."
    ),
}
REFUSAL_FALLBACK = "That didn't work and nothing was changed. Type `/mentor help` to see what you can do."
