"""The report's charts, drawn on the server with matplotlib.

Three pictures of an `AnnualReport`: activities by status in each work area
(stacked bars), products delivered against their targets by area, and the
activities across the year with today marked. Each comes as SVG text (for
the web page and the PDF) or as PNG bytes (python-docx cannot embed SVG).

- Figures are made with `matplotlib.figure.Figure` on the Agg canvas, never
  through pyplot, whose global figure registry would keep every figure (and
  its memory) alive in a long-running server.
- The output is deterministic: the same report gives the same bytes. The
  ids matplotlib writes in an SVG are hashed with a fixed salt and prefixed
  with the chart's key (two charts inlined in one page never share an id),
  and no date is written. The few settings that exist only as rcParams
  (the salt, the font) are set in an `rc_context` around each drawing and
  restored after it; rcParams being process-wide, a lock lets one thread
  at a time draw.
- Hatches are lines, never dots: matplotlib draws a dotted hatch as
  hundreds of curves, which WeasyPrint parses again for every bar.
- Colour is never the only cue: every status has a hatch pattern of its own
  (the dashboard's colours and patterns), bars carry their figures as text,
  and every chart has a legend.
- Every word is Planea's (gettext, in the active language) or the plan's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import matplotlib.dates
from django.utils import formats
from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path

from planea.plans.models import ActivityStatus, Period
from planea.tracking.dashboard import STATUS_ORDER

from .data import ActivityItem, AnnualReport

# The dashboard's colours (planea.css, `--st-*`), each with a pattern of its own.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    ActivityStatus.DONE: ("#0b4f8a", ""),
    ActivityStatus.ON_TRACK: ("#1f6f43", "//"),
    ActivityStatus.AT_RISK: ("#7a4d00", "\\\\"),
    ActivityStatus.DELAYED: ("#a4161a", "xx"),
    ActivityStatus.NOT_STARTED: ("#5f6b7a", "||"),
    ActivityStatus.CANCELLED: ("#4a5360", "--"),
}
# The timeline page's colours (planea.css, `--s1`, `--s2`, `--annual`, `--dated`).
# No hatches: where a bar starts and ends already tells its half, and each
# hatched bar costs the PDF a pattern of its own.
PERIOD_STYLE: dict[str, tuple[str, str]] = {
    Period.S1: ("#1f6f43", ""),
    Period.S2: ("#8a3b0c", ""),
    Period.ANNUAL: ("#0b4f8a", ""),
}
DATED = "#6b21a8"
TODAY = "#c2410c"
INK = "#1b1f24"
INK_SOFT = "#4a5360"
LINE = "#c9d0d9"

WIDTH = 7.5  # inches: the text width of an A4 page with 2 cm margins, about
FONT = 8.5
# Above this many activities the timeline draws a lane per area, not per activity.
TIMELINE_ROWS = 60
# Above this many areas, bars are labelled by number only.
LONG_LIST = 24

RC = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same everywhere
    "font.size": FONT,
    "svg.fonttype": "none",  # text stays text: searchable, and small
    "hatch.linewidth": 1.2,
    "axes.edgecolor": INK_SOFT,
    "axes.labelcolor": INK,
    "xtick.color": INK_SOFT,
    "ytick.color": INK,
    "text.color": INK,
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    # What the picture shows, in a sentence, for a reader who cannot see it.
    description: str
    data: str | bytes


# ---------------------------------------------------------------------------
# Drawing.


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height))
    FigureCanvasAgg(figure)
    return figure


def _text_width(text: str, size: float = FONT) -> float:
    """How wide `text` is drawn, in points, without drawing anything."""
    width, _height, _descent = text_to_path.get_text_width_height_descent(
        text, FontProperties(family=RC["font.family"], size=size), ismath=False
    )
    return width


def _row_major(items: list, columns: int) -> list:
    """`items` ordered so that a legend, which fills column by column, reads
    them row by row."""
    rows = -(-len(items) // columns)
    grid = [items[row * columns : (row + 1) * columns] for row in range(rows)]
    return [row[col] for col in range(columns) for row in grid if col < len(row)]


def _legend(figure: Figure, handles: list, columns: int) -> int:
    """The legend, centred along the bottom of the figure; its rows."""
    handles = _row_major(handles, columns)
    figure.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.01),
        ncols=columns,
        frameon=False,
        handleheight=1.4,
        handlelength=2.2,
    )
    return -(-len(handles) // columns)


def _place(
    figure: Figure, axes, *, left: float, legend_rows: int, top: float = 8, bottom: float = 30
) -> None:
    """Margins in points: room for the row labels on the left, the axis and
    the legend below. Computed, not found by a layout engine, which would
    draw the whole figure again to measure it."""
    width, height = (size * 72 for size in figure.get_size_inches())
    below = bottom + legend_rows * 17 + 8
    figure.subplots_adjust(
        left=min((left + 14) / width, 0.6),
        right=1 - 10 / width,
        top=1 - top / height,
        bottom=min(below / height, 0.6),
    )


def _short(text: str, width: int = 42) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


def _area_labels(report: AnnualReport) -> list[str]:
    if len(report.areas) > LONG_LIST:
        return [str(area.number) for area in report.areas]
    return [_short(area.label) for area in report.areas]


def _bars_height(rows: int) -> float:
    """Room for `rows` bars and a legend, within a page."""
    return min(1.6 + 0.42 * rows, 9.0)


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _status_patch(status: str) -> Patch:
    colour, hatch = STATUS_STYLE[status]
    return Patch(
        facecolor=colour, hatch=hatch, edgecolor="#ffffff", label=str(ActivityStatus(status).label)
    )


def _status_by_area(report: AnnualReport) -> Figure:
    areas = report.areas
    labels = _area_labels(report)
    figure = _figure(_bars_height(len(areas)))
    axes = figure.add_subplot()
    left = [0] * len(areas)
    biggest = max((area.summary.progress.total for area in areas), default=0) or 1
    for status in STATUS_ORDER:
        colour, hatch = STATUS_STYLE[status]
        counts = [area.summary.progress.counts.get(status, 0) for area in areas]
        # Only the statuses an area has: an empty segment is still an artist.
        shown = [row for row, count in enumerate(counts) if count]
        if shown:
            axes.barh(
                shown,
                [counts[row] for row in shown],
                left=[left[row] for row in shown],
                height=0.62,
                color=colour,
                hatch=hatch,
                hatchcolor="#ffffff",
                edgecolor="#ffffff",
                linewidth=1,
            )
        for row in shown:
            # A figure inside its segment, when the segment can hold it.
            if counts[row] / biggest >= 0.06 and len(areas) <= LONG_LIST:
                axes.text(
                    left[row] + counts[row] / 2,
                    row,
                    _number(counts[row]),
                    ha="center",
                    va="center",
                    color="#ffffff",
                    fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.15", "fc": colour, "ec": "none"},
                )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    for row, total in enumerate(left):
        axes.text(total + biggest * 0.01, row, _number(total), va="center", color=INK_SOFT)
    axes.set_yticks(range(len(areas)), labels)
    axes.set_ylim(len(areas) - 0.5, -0.5)
    axes.set_xlim(0, biggest * 1.08)
    axes.set_xlabel(_("Activities"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    legend_rows = _legend(figure, [_status_patch(status) for status in STATUS_ORDER], 3)
    widest = max(map(_text_width, labels), default=0)
    _place(figure, axes, left=widest, legend_rows=legend_rows)
    return figure


def _products_by_area(report: AnnualReport) -> Figure:
    areas = report.areas
    figure = _figure(_bars_height(len(areas)))
    axes = figure.add_subplot()
    rows = list(range(len(areas)))
    targets = [area.summary.products_target for area in areas]
    counted = [area.summary.products_counted for area in areas]
    biggest = max(targets, default=0) or 1
    _outlined_and_filled(
        axes, rows, (targets, _("Target")), (counted, _("Delivered")), filled_height=0.62
    )
    for row, (done, target) in enumerate(zip(counted, targets, strict=True)):
        figures = _("%(delivered)s of %(target)s") % {
            "delivered": _number(done),
            "target": _number(target),
        }
        axes.text(target + biggest * 0.01, row, figures, va="center", color=INK_SOFT)
    axes.set_yticks(rows, _area_labels(report))
    axes.invert_yaxis()
    axes.set_xlim(0, biggest * 1.3)
    axes.set_xlabel(_("Pieces of evidence"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    labels = _area_labels(report)
    legend_rows = _legend(figure, axes.get_legend_handles_labels()[0], 2)
    widest = max(map(_text_width, labels), default=0)
    _place(figure, axes, left=widest, legend_rows=legend_rows)
    return figure


def _outlined_and_filled(
    axes, rows: list[int], outlined: tuple, filled: tuple, *, filled_height: float
) -> None:
    """What was meant (outlined, hatched) behind what came of it (filled):
    targets and deliveries, planned and spent amounts. Each is (values, label)."""
    axes.barh(
        rows,
        outlined[0],
        height=0.62,
        color="#ffffff",
        edgecolor=INK_SOFT,
        hatch="//",
        hatchcolor=LINE,
        linewidth=1,
        label=outlined[1],
    )
    done = STATUS_STYLE[ActivityStatus.DONE][0]
    axes.barh(
        rows,
        filled[0],
        height=filled_height,
        color=done,
        edgecolor=done,
        linewidth=1,
        label=filled[1],
    )


def _amount(value) -> str:
    return formats.number_format(value, 2, force_grouping=True)


def _funding_in(report: AnnualReport, currency: str) -> Figure:
    """One currency's contributions by source: planned (outlined) and spent
    (filled). Each currency its own chart: amounts in different currencies
    share no scale."""
    rows = [t for t in report.funding.by_source if t.currency == currency]
    labels = [_short(t.label) for t in rows]
    planned = [float(t.planned or 0) for t in rows]
    spent = [float(t.spent or 0) for t in rows]
    figure = _figure(_bars_height(len(rows)))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    biggest = max([*planned, *spent], default=0) or 1
    _outlined_and_filled(
        axes, positions, (planned, _("Planned")), (spent, _("Spent")), filled_height=0.42
    )
    for row, t in enumerate(rows):
        figures = _("%(planned)s planned, %(spent)s spent") % {
            "planned": _amount(t.planned or 0),
            "spent": _amount(t.spent or 0),
        }
        axes.text(
            max(planned[row], spent[row]) + biggest * 0.01,
            row,
            figures,
            va="center",
            color=INK_SOFT,
        )
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, biggest * 1.6)
    axes.set_xlabel(currency)
    axes.xaxis.set_major_formatter(
        lambda value, _pos: formats.number_format(int(value), force_grouping=True)
    )
    axes.spines[["top", "right"]].set_visible(False)
    legend_rows = _legend(figure, axes.get_legend_handles_labels()[0], 2)
    _place(figure, axes, left=max(map(_text_width, labels), default=0), legend_rows=legend_rows)
    return figure


def _day(value: dt.date) -> float:
    return matplotlib.dates.date2num(value)


def _timeline_axes(figure: Figure, report: AnnualReport):
    """Axes spanning the plan's year, months named along the top. The
    months and the rows are labelled with plain text and lines, not ticks:
    matplotlib makes four artists per tick, the bulk of the drawing time."""
    year = report.cover.year
    axes = figure.add_subplot()
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    axes.set_xlim(_day(start), _day(end))
    axes.set_xticks([])
    axes.set_yticks([])
    months = [dt.date(year, month, 1) for month in range(1, 13)]
    axes.vlines([_day(m) for m in months[1:]], 0, 1, transform=axes.get_xaxis_transform(),
                color=LINE, linewidth=0.6)  # fmt: skip
    top = axes.get_xaxis_transform()
    for month in months:
        axes.text(_day(month) + 15, 1.005, formats.date_format(month, "M"), transform=top,
                  ha="center", va="bottom", color=INK_SOFT)  # fmt: skip
    axes.spines[["right", "bottom"]].set_visible(False)
    return axes


def _row_labels(axes, labels: list[str], size: float) -> None:
    side = axes.get_yaxis_transform()
    for row, label in enumerate(labels):
        axes.text(-0.008, row, label, transform=side, ha="right", va="center", fontsize=size)


class _Bars:
    """Bars of the timeline, gathered by style and drawn with one call per
    style: a call per activity would cost a container, and a layout, each."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[float, float, float, float]]] = {}

    def add(self, row: float, activity: ActivityItem, height: float = 0.6) -> None:
        start = _day(activity.span_start)
        width = max(_day(activity.span_end) + 1 - start, 1.5)
        style = "dated" if activity.is_dated else activity.period
        self.rows.setdefault(style, []).append((row, width, start, height))

    def draw(self, axes) -> None:
        for style, bars in self.rows.items():
            colour, hatch = (DATED, "") if style == "dated" else PERIOD_STYLE[style]
            rows, widths, lefts, heights = zip(*bars, strict=True)
            axes.barh(
                rows,
                widths,
                left=lefts,
                height=heights,
                color=colour,
                hatch=hatch,
                hatchcolor="#ffffff",
                edgecolor="#ffffff",
                linewidth=0.5,
            )


def _timeline(report: AnnualReport) -> Figure:
    activities = report.activities
    per_activity = len(activities) <= TIMELINE_ROWS
    rows = len(activities) if per_activity else len(report.areas)
    figure = _figure(min(1.8 + 0.2 * rows, 9.5) if per_activity else _bars_height(rows))
    axes = _timeline_axes(figure, report)
    bars = _Bars()
    labels: list[str] = []
    events_x: list[float] = []
    events_y: list[float] = []
    if per_activity:
        row = 0
        for area_index, area in enumerate(report.areas):
            if area_index:
                axes.axhline(row - 0.5, color=INK_SOFT, linewidth=0.6)
            for activity in area.activities:
                if activity.is_event:
                    events_x.append(_day(activity.span_start))
                    events_y.append(row)
                else:
                    bars.add(row, activity)
                labels.append(activity.label)
                row += 1
        _row_labels(axes, labels, FONT - 1.5)
    else:
        # A lane per area: the undated activities of each period as one bar,
        # dated ones as thin bars or points.
        for row, area in enumerate(report.areas):
            by_period: dict[str, ActivityItem] = {}
            for activity in area.activities:
                if activity.is_event:
                    events_x.append(_day(activity.span_start))
                    events_y.append(row)
                elif activity.is_dated:
                    bars.add(row, activity, height=0.25)
                else:
                    by_period.setdefault(activity.period, activity)
            for offset, period in zip((-0.25, 0, 0.25), Period, strict=True):
                if period.value in by_period:
                    bars.add(row + offset, by_period[period.value], height=0.22)
            labels.append(str(area.number))
        _row_labels(axes, labels, FONT)
    bars.draw(axes)
    axes.set_ylim(rows - 0.5, -0.5)
    if events_x:
        axes.plot(
            events_x,
            events_y,
            linestyle="none",
            marker="D",
            markersize=5,
            color=DATED,
            markeredgecolor="#ffffff",
            markeredgewidth=0.6,
        )
    today = report.today
    this_year = today.year == report.cover.year
    if this_year:
        axes.axvline(_day(today), color=TODAY, linewidth=1.6, linestyle=(0, (4, 2)))
    handles: list = [
        Patch(facecolor=colour, hatch=hatch, edgecolor="#ffffff", label=str(period.label))
        for period, (colour, hatch) in ((p, PERIOD_STYLE[p]) for p in Period)
    ]
    handles.append(Patch(facecolor=DATED, label=_("Dated in the plan")))
    if this_year:
        handles.append(
            Line2D(
                [],
                [],
                color=TODAY,
                linewidth=1.6,
                linestyle=(0, (4, 2)),
                label=_("Today, %(date)s") % {"date": formats.date_format(today, "DATE_FORMAT")},
            )
        )
    legend_rows = _legend(figure, handles, 3)
    size = FONT - 1.5 if per_activity else FONT
    widest = max((_text_width(label, size) for label in labels), default=0)
    _place(figure, axes, left=widest, legend_rows=legend_rows, top=18, bottom=4)
    return figure


# ---------------------------------------------------------------------------
# The charts, as data.


def _drawings(report: AnnualReport) -> list[tuple[str, str, str, Callable[[], Figure]]]:
    return [
        (
            "status",
            _("Activities of each work area, by status"),
            _("Stacked bars: for each work area, how many of its activities stand at each status."),
            lambda: _status_by_area(report),
        ),
        (
            "products",
            _("Products delivered against their targets"),
            _(
                "For each work area, the pieces of evidence delivered (filled bar) against "
                "the products' targets (outlined bar)."
            ),
            lambda: _products_by_area(report),
        ),
        (
            "timeline",
            _("Timeline of %(year)s") % {"year": report.cover.year},
            _(
                "The activities across the year: bars for the half or the whole year they "
                "belong to, points for dated events, and a line for today."
            ),
            lambda: _timeline(report),
        ),
        *[
            (
                f"funding-{total.currency.lower()}",
                _("Contributions in %(currency)s by funding source") % {"currency": total.currency},
                _(
                    "For each funding source, the amount planned (outlined bar) and the "
                    "amount spent (filled bar), in %(currency)s."
                )
                % {"currency": total.currency},
                _funding_drawing(report, total.currency),
            )
            for total in report.funding.by_currency
        ],
    ]


def _funding_drawing(report: AnnualReport, currency: str) -> Callable[[], Figure]:
    return lambda: _funding_in(report, currency)


# rcParams are the process's: one drawing at a time sets them.
_DRAWING = threading.Lock()
_ID = re.compile(r'(\bid="|\bhref="#|url\(#)')


def _own_ids(svg: str, key: str) -> str:
    """Every id of the SVG prefixed with the chart's key, and every reference
    to one: matplotlib numbers its elements ("text_1", "patch_2") afresh in
    each figure, and the charts share one page."""
    return _ID.sub(lambda match: f"{match.group(1)}{key}-", svg)


def _render(key: str, draw: Callable[[], Figure], kind: str, dpi: int) -> str | bytes:
    out = io.BytesIO()
    with _DRAWING, matplotlib.rc_context({**RC, "svg.hashsalt": f"planea-{key}"}):
        figure = draw()
        if kind == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "Planea"})
        else:
            figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    figure.clear()
    if kind == "svg":
        return _own_ids(out.getvalue().decode("utf-8"), f"chart-{key}")
    return out.getvalue()


def svg_charts(report: AnnualReport) -> tuple[Chart, ...]:
    """The charts as standalone SVG documents (text)."""
    return tuple(
        Chart(key, title, description, _render(key, draw, "svg", 72))
        for key, title, description, draw in _drawings(report)
    )


def png_charts(report: AnnualReport, dpi: int = 150) -> tuple[Chart, ...]:
    """The charts as PNG images (bytes), for Word."""
    return tuple(
        Chart(key, title, description, _render(key, draw, "png", dpi))
        for key, title, description, draw in _drawings(report)
    )
