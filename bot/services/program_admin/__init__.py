"""Use cases for program admins: settings, the report, pair health and actions, announcements,
exports and the admin list. Each runs in one transaction and writes its own audit entry.

Admins see aggregates and flags only: no intro, goal title, session note, feedback, reflection
comment, concern or end-reason text ever leaves this package.
"""

from bot.services.program_admin.announcements import (
    ANNOUNCEMENT_KIND,
    AUDIENCES,
    audience_counts,
    queue_announcement,
)
from bot.services.program_admin.export import PAIR_COLUMNS, PARTICIPANT_COLUMNS, export_csvs
from bot.services.program_admin.pairs import (
    PAIR_ACTIONS,
    PairActionResult,
    PairRow,
    apply_pair_action,
    pairs_overview,
)
from bot.services.program_admin.programs import (
    LAST_PROGRAM,
    MentorLoad,
    Overview,
    ProgramCounts,
    ProgramForm,
    archive_program,
    create_program,
    edit_program,
    parse_cap,
    set_mentor_cap,
    workspace_overview,
)
from bot.services.program_admin.report import (
    CHART_MONTHS,
    CHECK_IN_KIND,
    RESPONSE_DAYS,
    WINDOW_DAYS,
    Metric,
    MonthBar,
    Report,
    format_metric,
    program_report,
)
from bot.services.program_admin.settings import (
    add_listed_admin,
    current_settings,
    list_admins,
    remove_listed_admin,
    save_settings,
)

__all__ = [
    "ANNOUNCEMENT_KIND",
    "AUDIENCES",
    "CHART_MONTHS",
    "CHECK_IN_KIND",
    "LAST_PROGRAM",
    "PAIR_ACTIONS",
    "PAIR_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "RESPONSE_DAYS",
    "WINDOW_DAYS",
    "MentorLoad",
    "Metric",
    "MonthBar",
    "Overview",
    "PairActionResult",
    "PairRow",
    "ProgramCounts",
    "ProgramForm",
    "Report",
    "add_listed_admin",
    "apply_pair_action",
    "archive_program",
    "audience_counts",
    "create_program",
    "current_settings",
    "edit_program",
    "export_csvs",
    "format_metric",
    "list_admins",
    "pairs_overview",
    "parse_cap",
    "program_report",
    "queue_announcement",
    "remove_listed_admin",
    "save_settings",
    "set_mentor_cap",
    "workspace_overview",
]
