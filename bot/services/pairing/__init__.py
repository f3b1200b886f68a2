"""Pairing use cases: suggestions, mentee requests, admin matching rounds and the agreement.

One module per part: `pool` (records in the matcher's terms, suggestions), `requests` (request,
accept, decline, expiry on answer), `rounds` (matching rounds: run, approve, discard),
`agreement` (propose, confirm, change, where its messages are; the App Home summary), with
`outcomes` (what the edge gets back) and `common` (roles, `PairingRefused`, cards).

Each use case is one transaction. Refusals raise `PairingRefused` (a MentorshipError) with a
code the Slack edge turns into words; nothing changes then. Outcomes that must be kept (a request
found expired, a full mentor's request closed) are returned, not raised, so they commit.
"""

from bot.services.pairing.agreement import (
    check_agreement,
    confirm_agreement,
    confirmable,
    home_summary,
    mentorship_view,
    propose_agreement,
    set_agreement_message,
    set_group_channel,
)
from bot.services.pairing.common import MENTEE_ROLES, MENTOR_ROLES, PairingRefused, card
from bot.services.pairing.manual import (
    ManualPair,
    ManualPreview,
    create_manual_pair,
    preview_manual_pair,
    program_of_person,
)
from bot.services.pairing.outcomes import (
    AcceptOutcome,
    DeclineOutcome,
    HomeSummary,
    MentorshipView,
    NewPair,
    PersonCard,
    RequestCreated,
    RequestInfo,
    RoundDecision,
    RoundEdit,
    RoundPlan,
    Suggestion,
    Suggestions,
    SwapChoices,
    Withdrawn,
)
from bot.services.pairing.pool import (
    Pool,
    find_suggestions,
    history_from,
    load_pool,
    round_mentees,
    to_participant,
    weights_from,
)
from bot.services.pairing.requests import (
    accept_request,
    create_request,
    decline_request,
    pending_request,
    preview_request,
    set_request_prompt,
)
from bot.services.pairing.rounds import (
    approve_round,
    discard_round,
    proposal_data,
    run_round,
    scheduled_round,
    set_round_message,
    unintroduced_pairs,
)
from bot.services.pairing.shaping import remove_pair, round_view, swap_choices, swap_mentor

__all__ = [
    "MENTEE_ROLES",
    "MENTOR_ROLES",
    "AcceptOutcome",
    "DeclineOutcome",
    "HomeSummary",
    "ManualPair",
    "ManualPreview",
    "MentorshipView",
    "NewPair",
    "PairingRefused",
    "PersonCard",
    "Pool",
    "RequestCreated",
    "RequestInfo",
    "RoundDecision",
    "RoundEdit",
    "RoundPlan",
    "Suggestion",
    "Suggestions",
    "SwapChoices",
    "Withdrawn",
    "accept_request",
    "approve_round",
    "card",
    "check_agreement",
    "confirm_agreement",
    "confirmable",
    "create_manual_pair",
    "create_request",
    "decline_request",
    "discard_round",
    "find_suggestions",
    "history_from",
    "home_summary",
    "load_pool",
    "mentorship_view",
    "pending_request",
    "preview_manual_pair",
    "preview_request",
    "program_of_person",
    "proposal_data",
    "propose_agreement",
    "remove_pair",
    "round_mentees",
    "round_view",
    "run_round",
    "scheduled_round",
    "set_agreement_message",
    "set_group_channel",
    "set_request_prompt",
    "set_round_message",
    "swap_choices",
    "swap_mentor",
    "to_participant",
    "unintroduced_pairs",
    "weights_from",
]
