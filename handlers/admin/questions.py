"""`/mentor admin questions`: a program's custom profile questions (list, add, edit, archive).

The router has resolved the program and checked the caller administers it. The form carries the
program (and the question) in its signed metadata; every button and submission checks again with
`require_admin` against the question's own program, so a replayed or forged click changes nothing.
Question labels and options are admin-written: escaped wherever they are shown in mrkdwn.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.custom_questions import (
    KIND_WORDS,
    MAX_QUESTIONS,
    RULE_WORDS,
    QuestionErrors,
    QuestionInput,
)
from bot.domain.errors import MentorshipError
from bot.services import criteria
from bot.services.criteria import QuestionView
from bot.services.programs import ProgramView
from handlers.admin import texts as t
from handlers.admin.gate import AdminGate, AdminRouter, require_admin, view_of_program
from handlers.slack import ids, kit
from handlers.slack.format import esc
from handlers.slack.inputs import parse_id
from handlers.slack.interaction import Interaction
from handlers.slack.messaging import send_dm
from handlers.slack.registry import Listeners
from handlers.slack.router import CommandCall
from handlers.slack.states import refusal_words
from storage.records import QuestionRecord
from storage.scope import current_program, program_scope

logger = logging.getLogger(__name__)

FIELD_BLOCKS = {
    "label": ids.ADMIN_QUESTION_LABEL,
    "key": ids.ADMIN_QUESTION_KEY,
    "kind": ids.ADMIN_QUESTION_KIND,
    "options": ids.ADMIN_QUESTION_OPTIONS,
    "rule": ids.ADMIN_QUESTION_RULE,
    "weight": ids.ADMIN_QUESTION_WEIGHT,
    "reason": ids.ADMIN_QUESTION_REASON,
}
LIST_FALLBACK = "Custom profile questions"


def build_question_list(
    questions: list[QuestionView], program: str, program_id: int | None
) -> list[dict[str, Any]]:
    """The admin list: each question with its rule, weight, options and how many answered."""
    open_count = sum(1 for q in questions if not q.archived)
    blocks: list[dict[str, Any]] = [
        kit.section(
            f"*Custom profile questions for {esc(program)}* ({open_count} of {MAX_QUESTIONS}). "
            "Members answer them in their profile; matching uses them beside topics and hours."
        )
    ]
    for q in questions:
        state = " _(archived: hidden from profiles and matching; answers kept)_" if q.archived else ""
        options = ", ".join(esc(label) for _, label in q.options)
        text = (
            f"*{esc(q.label)}*{state}\n`q:{q.key}` · {KIND_WORDS.get(q.kind, q.kind)} · "
            f"{RULE_WORDS.get(q.rule, q.rule)} · weight {q.weight:g} · answered by {q.answered}\n"
            f"Options: {options}"
        )
        verb = "restore" if q.archived else "archive"
        buttons = [
            kit.button("Edit", ids.ADMIN_QUESTION_ACTION, f"edit:{q.id}"),
            kit.button(verb.capitalize(), ids.ADMIN_QUESTION_ARCHIVE, f"{verb}:{q.id}"),
        ]
        blocks += [kit.divider(), kit.section(text), kit.actions(*buttons)]
    if not questions:
        blocks.append(kit.context("No questions yet: add one (language, location, level, function, ERG…)."))
    if open_count < MAX_QUESTIONS:
        blocks.append(
            kit.actions(
                kit.button("Add a question", ids.ADMIN_QUESTION_ACTION, f"add:{program_id}", style="primary")
            )
        )
    return kit.message_blocks(blocks)


def build_question_modal(question: QuestionView | None) -> dict[str, Any]:
    """The add / edit form (an edit keeps the key: it names the CSV column)."""
    q = question
    blocks: list[dict[str, Any]] = [
        kit.input_block(
            ids.ADMIN_QUESTION_LABEL,
            "Question",
            kit.text_input(
                ids.ADMIN_QUESTION_LABEL,
                initial=q.label if q else None,
                max_length=150,
                placeholder="Which languages do you speak at work?",
            ),
        ),
    ]
    if q is None:
        blocks.append(
            kit.input_block(
                ids.ADMIN_QUESTION_KEY,
                "Key (the CSV column q:<key>)",
                kit.text_input(ids.ADMIN_QUESTION_KEY, max_length=30, placeholder="language"),
                optional=True,
                hint="Lowercase letters, digits and _; made from the question when left empty. Fixed once saved.",
            )
        )
    else:
        blocks.append(kit.context(f"Key: `q:{q.key}` (fixed: it names the CSV column)"))
    kinds = list(KIND_WORDS.items())
    blocks += [
        kit.input_block(
            ids.ADMIN_QUESTION_KIND,
            "Answers",
            kit.radio(ids.ADMIN_QUESTION_KIND, kinds, initial=q.kind if q else "single"),
        ),
        kit.input_block(
            ids.ADMIN_QUESTION_OPTIONS,
            "Options, one per line (lowest level first for a scale)",
            kit.text_input(
                ids.ADMIN_QUESTION_OPTIONS,
                initial="\n".join(label for _, label in q.options) if q else None,
                multiline=True,
                max_length=2000,
            ),
            hint="Renaming an option in place keeps everyone's answers; an option you remove is kept for "
            "those who chose it.",
        ),
        kit.input_block(
            ids.ADMIN_QUESTION_RULE,
            "Matching rule",
            kit.static_select(
                ids.ADMIN_QUESTION_RULE, list(RULE_WORDS.items()), initial=q.rule if q else "same"
            ),
        ),
        kit.input_block(
            ids.ADMIN_QUESTION_WEIGHT,
            "Weight (0 to 1, beside topic 0.55, hours 0.2, cadence 0.1, format 0.05, department 0.1)",
            kit.text_input(ids.ADMIN_QUESTION_WEIGHT, initial=f"{q.weight:g}" if q else "0.1", max_length=10),
        ),
        kit.input_block(
            ids.ADMIN_QUESTION_REASON,
            "Reason shown when it fits (optional)",
            kit.text_input(
                ids.ADMIN_QUESTION_REASON,
                initial=q.reason if q else None,
                max_length=150,
                placeholder="You both speak {answer}",
            ),
            optional=True,
        ),
    ]
    title = "Edit question" if q else "Add a question"
    return kit.modal(ids.ADMIN_QUESTION_MODAL, title, blocks, submit="Save")


def parse_question(state: dict[str, Any]) -> QuestionInput:
    """Read the form's values."""

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return str(value) if value is not None else ""

    return QuestionInput(
        label=text(ids.ADMIN_QUESTION_LABEL),
        key=text(ids.ADMIN_QUESTION_KEY),
        kind=text(ids.ADMIN_QUESTION_KIND),
        options_text=text(ids.ADMIN_QUESTION_OPTIONS),
        rule=text(ids.ADMIN_QUESTION_RULE),
        weight=text(ids.ADMIN_QUESTION_WEIGHT),
        reason=text(ids.ADMIN_QUESTION_REASON),
    )


class QuestionConsole:
    """Listeners for `/mentor admin questions`, its buttons and its form."""

    def __init__(self, deps: Deps, gate: AdminGate) -> None:
        self.deps = deps
        self.gate = gate

    def _program_name(self, team_id: str) -> str:
        program = current_program()
        found = view_of_program(self.deps, team_id, program) if program is not None else None
        return found.name if found is not None else ""

    def handle_questions_command(self, call: CommandCall) -> None:
        """`/mentor admin questions`: the list with Add / Edit / Archive buttons."""
        questions = criteria.list_questions(self.deps, call.team_id)
        call.reply(
            LIST_FALLBACK, build_question_list(questions, self._program_name(call.team_id), current_program())
        )

    def _question_program(self, team_id: str, question_id: int | None) -> ProgramView | None:
        if question_id is None:
            return None
        with self.deps.uow(read_only=True) as uow:
            found = uow.session.get(QuestionRecord, question_id)
            program_id = found.program_id if found is not None and found.team_id == team_id else None
        return view_of_program(self.deps, team_id, program_id) if program_id is not None else None

    def handle_action(
        self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        """A button on the list: re-check admin of the question's program, then open or change."""
        ack()
        i = Interaction.from_bolt(body, context, client, respond)
        action, _, ident = (i.clicked_value() or "").partition(":")
        question_id = parse_id(ident)
        if action == "add":  # "add:<program id>": the admin check below is against that program
            program = view_of_program(self.deps, i.team_id, question_id) if question_id is not None else None
            question_id = None
        else:
            program = self._question_program(i.team_id, question_id)
        target = f"question:{ident[:20]}" if ident else None
        if program is None or action not in ("add", "edit", "archive", "restore"):
            require_admin(self.gate, body, client, f"admin question {action[:20]}", target)
            i.reply(t.NOT_ADMIN if program is None else "That button is out of date.")
            return
        if not require_admin(self.gate, body, client, f"admin question {action}", target, program):
            i.reply(t.NOT_ADMIN)
            return
        try:
            with program_scope(program.id):
                if action in ("add", "edit") or question_id is None:
                    current = criteria.question(self.deps, i.team_id, question_id) if question_id else None
                    view = build_question_modal(current)
                    view["private_metadata"] = json.dumps({"p": program.id, "q": question_id})
                    i.open_modal(self.deps, view)  # sealed: the submission acts in this program only
                    return
                done = criteria.set_archived(
                    self.deps, i.team_id, i.user_id, question_id, action == "archive"
                )
                questions = criteria.list_questions(self.deps, i.team_id)
        except MentorshipError as err:
            i.reply(refusal_words(err))
            return
        word = "archived (answers kept)" if done.archived else "restored"
        i.reply(f"“{esc(done.label)}” {word}.", build_question_list(questions, program.name, program.id))

    def handle_submission(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        """Validate (inline errors, nothing saved), re-check admin, save, confirm with the list."""
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        program_id = kit.metadata_int(view, "p")
        question_id = kit.metadata_int(view, "q")
        program = view_of_program(self.deps, team_id, program_id) if program_id is not None else None
        if program is None:
            ack(response_action="errors", errors={ids.ADMIN_QUESTION_LABEL: "This program no longer exists."})
            return
        with program_scope(program.id):
            result = criteria.check_question(self.deps, team_id, parse_question(view["state"]), question_id)
            if isinstance(result, QuestionErrors):
                present = {b.get("block_id") for b in view.get("blocks", [])}
                errors = {FIELD_BLOCKS[k]: v for k, v in result.fields.items() if FIELD_BLOCKS[k] in present}
                ack(response_action="errors", errors=errors or {ids.ADMIN_QUESTION_LABEL: "Check the form."})
                return
            ack()
            if not require_admin(self.gate, body, client, "admin question save", None, program):
                send_dm(client, user_id, t.NOT_ADMIN)
                return
            try:
                saved = criteria.save_question(self.deps, team_id, user_id, result, question_id)
            except MentorshipError as err:
                send_dm(client, user_id, refusal_words(err))
                return
            questions = criteria.list_questions(self.deps, team_id)
        send_dm(
            client,
            user_id,
            f"Question saved: “{esc(saved.label)}” (`q:{saved.key}`).",
            [
                kit.section(f"Question saved: *{esc(saved.label)}* (`q:{saved.key}`)."),
                *build_question_list(questions, program.name, program.id),
            ],
        )

    def register(self, app: Listeners, admin: AdminRouter) -> None:
        """Attach `/mentor admin questions`, its buttons and its form."""
        admin.add("questions", self.handle_questions_command)
        app.action(ids.ADMIN_QUESTION_ACTION)(self.handle_action)
        app.action(ids.ADMIN_QUESTION_ARCHIVE)(self.handle_action)
        app.view(ids.ADMIN_QUESTION_MODAL)(self.handle_submission)
