"""The Slack edge: the only code that knows payloads and Block Kit."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.listeners import WorkQueue


def register_all(bolt: App, deps: Deps, work: WorkQueue | None = None) -> None:
    """Register every feature's listeners and subcommands on the Bolt app.

    With a work queue, whatever follows an ack runs there (the app must then process before
    responding, so that the ack is computed on the request thread).
    """
    from handlers.admin.console import AdminConsole
    from handlers.admin.gate import AdminGate, AdminRouter
    from handlers.admin.programs import ProgramConsole
    from handlers.admin.questions import QuestionConsole
    from handlers.checkins.listeners import Checkins
    from handlers.circles.listeners import Circles
    from handlers.enrollment.listeners import Enrollment
    from handlers.feedback.listeners import Feedback
    from handlers.goals.listeners import Goals
    from handlers.home.tab import Home
    from handlers.lifecycle.listeners import Lifecycle
    from handlers.pairing.listeners import Pairing
    from handlers.privacy.listeners import Privacy
    from handlers.questions.listeners import Questions
    from handlers.sessions.listeners import Sessions
    from handlers.slack import envelope, errors
    from handlers.slack.middleware import make_event_dedupe
    from handlers.slack.operations import Operations
    from handlers.slack.registry import Listeners
    from handlers.slack.router import CommandRouter

    app = Listeners(bolt, work)
    errors.register(app, deps)
    app.use(make_event_dedupe(deps))
    app.use(envelope.make_view_guard(deps, app.handles_view))
    router = CommandRouter(deps)
    home = Home(deps)
    deps.extras["home"] = home
    deps.extras["router"] = router
    gate = AdminGate(deps)
    admin = AdminRouter(deps, gate)
    deps.extras["admin_gate"] = gate
    deps.extras["admin_router"] = admin
    enrollment = Enrollment(deps, home)
    enrollment.register(app, router)
    # Feature registrations (one line each).
    Pairing(deps, home, gate).register(app, router, admin)
    AdminConsole(deps, gate).register(app, admin)
    ProgramConsole(deps, gate).register(app, admin)
    Circles(deps, home, gate).register(app, router, admin, enrollment)
    QuestionConsole(deps, gate).register(app, admin)
    Goals(deps, home).register(app, router)
    Sessions(deps, home).register(app, router)
    Feedback(deps, home).register(app, router)
    Lifecycle(deps, home).register(app, router)
    Privacy(deps, home).register(app, router)
    Questions(deps).register(app, router)
    Operations(deps, router).register(app)
    Checkins(deps, home).register(app)
    home.register(app)
    admin.register(router)
    router.register(app)
    app.install()
