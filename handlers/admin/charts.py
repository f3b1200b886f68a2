"""PNG charts for the admin report (matplotlib, Agg backend: no display needed).

Hidden (suppressed) months are left out of a chart; a chart with nothing left is not drawn.
"""

from __future__ import annotations

import io
import threading

from bot.services.program_admin import MonthBar
from handlers.admin import texts as t

_LOCK = threading.Lock()  # pyplot keeps global state; draw one chart at a time


def _render(title: str, bars: list[MonthBar], series: list[str]) -> bytes | None:
    shown = [b for b in bars if any(b.values.get(s) is not None for s in series)]
    if not shown:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with _LOCK:
        fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=100)
        try:
            width = 0.8 / len(series)
            positions = range(len(shown))
            for index, name in enumerate(series):
                values = [b.values.get(name) or 0.0 for b in shown]
                offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
                ax.bar(offsets, values, width=width, label=name)
            ax.set_xticks(list(positions))
            ax.set_xticklabels([b.month for b in shown])
            ax.set_title(title)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            if len(series) > 1:
                ax.legend()
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            return buffer.getvalue()
        finally:
            plt.close(fig)


def report_charts(sessions: list[MonthBar], goals: list[MonthBar]) -> list[tuple[str, str, bytes]]:
    """Return (filename, title, PNG bytes) for each chart that has something to show."""
    out: list[tuple[str, str, bytes]] = []
    png = _render(t.CHART_SESSIONS_TITLE, sessions, ["sessions"])
    if png is not None:
        out.append(("sessions-per-month.png", t.CHART_SESSIONS_TITLE, png))
    png = _render(t.CHART_GOALS_TITLE, goals, ["set", "achieved"])
    if png is not None:
        out.append(("goals-set-vs-achieved.png", t.CHART_GOALS_TITLE, png))
    return out
