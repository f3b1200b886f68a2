"""The conversation-prompt bank: what a circle talks about each cycle.

The built-in prompts come from the texts the product is built from (`shared/domain`): celebrating
successes and milestones, navigating challenges and asking for feedback, sharing experiences,
resources and connections, setting goals and reflecting on progress, and learning from conflicts.
There are five kinds (`KINDS`), three prompts each, listed kind by kind in turn (win, challenge,
resource, goal, conflict, win, ...), so consecutive prompts are always of different kinds.

Rotation (`prompt_for`): the bank is the built-in prompts followed by the program's own prompts
(admin-added, oldest first); cycle ``k`` of circle ``c`` gets ``bank[(c + k) % len(bank)]``. So a
circle walks through the bank one prompt per cycle, circles formed together start at different
prompts, and the same circle, cycle and bank always give the same prompt. A prompt added by an
admin joins the rotation from the next prompt any circle is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

KINDS: Final = ("win", "challenge", "resource", "goal", "conflict")
KIND_LABELS: Final = {
    "win": "A win to celebrate",
    "challenge": "A challenge to get advice on",
    "resource": "A resource to share",
    "goal": "Progress on a goal",
    "conflict": "A lesson from a conflict",
    "other": "A question for the circle",
}
ADMIN_KINDS: Final = (*KINDS, "other")
MAX_PROMPT_CHARS: Final = 500
MIN_PROMPT_CHARS: Final = 10


@dataclass(frozen=True)
class Prompt:
    """One conversation prompt: its kind (see KINDS, or "other"), its text, and whether it is built
    in or was added by an admin (`prompt_id` is the admin prompt's row id, None when built in)."""

    kind: str
    text: str
    prompt_id: int | None = None

    @property
    def label(self) -> str:
        """The kind in words ("A win to celebrate")."""
        return KIND_LABELS.get(self.kind, KIND_LABELS["other"])

    @property
    def built_in(self) -> bool:
        """Whether the prompt ships with the bot."""
        return self.prompt_id is None


_WIN = (
    "What went well for you since you last met: a project finished, a skill learned, an obstacle "
    "overcome? Share one success, big or small, and let the others celebrate it with you.",
    "Name a milestone you reached lately. What made it possible, and what did you learn on the way "
    "that you want to keep doing?",
    "Whose progress would you like to acknowledge? Name a success (yours, or one you saw in "
    "someone here) and what it says about how you have grown.",
)
_CHALLENGE = (
    "Bring one situation you are stuck on. Each person offers one perspective or one question; the "
    "person who brought it listens first and then decides what to try.",
    "What decision is in front of you right now? Describe it in two minutes; the circle asks open "
    "questions before anyone gives advice.",
    "Ask the circle for feedback on something you are working on: honest and specific, strengths "
    "first, then one thing to improve.",
)
_RESOURCE = (
    "Share a book, article, tool, talk or course that helped you lately. Why did it help, and who "
    "here might use it?",
    "Who in your network could help someone in this circle with what they are working on? Offer "
    "an introduction.",
    "Share an experience from your career (a success or a failure) that taught you something the "
    "others could use.",
)
_GOAL = (
    "Each person names one goal and where it stands. Is it specific and measurable? What is the "
    "next step before you meet again?",
    "What did you say you would do last time, and did you? What helped, and what got in the way?",
    "Are you moving towards your goals? Name one thing you will keep doing and one thing you will change.",
)
_CONFLICT = (
    "Think of a disagreement or a miscommunication at work. What happened, what did you learn, and "
    "what would you do differently next time?",
    "When did your expectations and a colleague's not match? How did you bring it up, and how did "
    "you find a way forward that worked for both of you?",
    "What helps you address a problem promptly instead of letting it fester? Share one approach "
    "you have tried and how it went.",
)
_BY_KIND: Final = {
    "win": _WIN,
    "challenge": _CHALLENGE,
    "resource": _RESOURCE,
    "goal": _GOAL,
    "conflict": _CONFLICT,
}

BUILT_IN: Final[tuple[Prompt, ...]] = tuple(
    Prompt(kind, _BY_KIND[kind][n]) for n in range(len(_WIN)) for kind in KINDS
)


def bank(extra: Sequence[Prompt] = ()) -> tuple[Prompt, ...]:
    """Return the program's bank: the built-in prompts, then its own (in the order given)."""
    return BUILT_IN + tuple(extra)


def prompt_for(circle_id: int, cycle: int, extra: Sequence[Prompt] = ()) -> Prompt:
    """Return the prompt of one cycle of one circle (see the module docstring)."""
    prompts = bank(extra)
    return prompts[(circle_id + cycle) % len(prompts)]


def check_prompt(kind: str, text: str) -> tuple[str, str] | None:
    """Return (kind, text) cleaned up when an admin's prompt is usable, else None.

    The kind is one of ADMIN_KINDS; the text, with runs of blanks folded, has MIN_PROMPT_CHARS to
    MAX_PROMPT_CHARS characters.
    """
    clean_kind = (kind or "").strip().lower()
    clean_text = " ".join((text or "").split())
    if clean_kind not in ADMIN_KINDS:
        return None
    if not MIN_PROMPT_CHARS <= len(clean_text) <= MAX_PROMPT_CHARS:
        return None
    return clean_kind, clean_text
