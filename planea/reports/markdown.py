"""The annual report as Markdown (CommonMark with GitHub's tables): for a
wiki, a repository or an e-mail. The charts' figures are given as tables,
since Markdown has no portable way to carry a picture with the text.
"""

from __future__ import annotations

import re

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import words
from .data import ActivityItem, AnnualReport, AreaSection

# Characters that would start Markdown syntax inside plain text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Plain text that reads as itself in Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cell(text: str) -> str:
    return escape(text) or " "


def _table(headings: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in headings) + " |"]
    lines.append(
        "|" + "|".join("---:" if i in numeric else "---" for i in range(len(headings))) + "|"
    )
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _link(text: str, url: str) -> str:
    # In <…>, only the angle brackets themselves could end the address early.
    address = url.replace("<", "%3C").replace(">", "%3E")
    return f"[{escape(text)}](<{address}>)" if url else escape(text)


def _summary(report: AnnualReport) -> list[str]:
    summary = report.summary
    out = [f"## {escape(_('Executive summary'))}", ""]
    out += [
        f"- **{words.label('activities')}:** {words.number(summary.total)}",
        f"- **{_('Done')}:** {words.number(summary.done)}",
        f"- **{_('Overdue')}:** {words.number(summary.overdue)}",
        f"- **{_('Products delivered against their targets')}:** "
        f"{words.of(summary.products_counted, summary.products_target)} "
        f"({words.percent(summary.products_percent)})",
        "",
        f"### {escape(_('Activities by status'))}",
        "",
    ]
    rows = [
        [share.label, words.number(share.count), words.percent(share.percent)]
        for share in summary.status_shares
    ]
    rows.append([_("Total"), words.number(summary.total), ""])
    out += [_table([_("Status"), _("Activities"), "%"], rows, {1, 2}), ""]
    out += [f"### {escape(_('Progress by work area'))}", ""]
    rows = [
        [
            area.label,
            words.number(area.progress.total),
            words.number(area.progress.done),
            words.number(area.progress.overdue),
            f"{words.of(area.products_counted, area.products_target)} "
            f"({words.percent(area.products_percent)})",
        ]
        for area in summary.by_area
    ]
    headings = [
        _("Work area"),
        _("Activities"),
        _("Done"),
        _("Overdue"),
        _("Products delivered against their targets"),
    ]
    out += [_table(headings, rows, {1, 2, 3, 4}), ""]
    return out


def _funding(report: AnnualReport) -> list[str]:
    """Contributions by source and by kind, per currency; nothing for a plan
    that records none."""
    funding = report.funding
    if not funding:
        return []
    out = [f"## {escape(_('Contributions by source and by kind'))}", ""]
    out += [f"- {escape(line)}" for line in words.funding_by_currency(funding)]
    if funding.by_currency:
        out.append("")
    for heading, caption, totals in (
        (_("Funding source"), _("Contributions by funding source"), funding.by_source),
        (_("Kind"), _("Contributions by kind"), funding.by_kind),
    ):
        out += [f"### {escape(caption)}", ""]
        out += [_table(words.funding_headings(heading), words.funding_rows(totals), {2, 3, 4, 5})]
        out.append("")
    return out


def _activity(activity: ActivityItem) -> list[str]:
    out = [f"### {escape(activity.label)} {escape(activity.title)}", ""]
    status = f"**{escape(activity.status_label)}**"
    if activity.status_date:
        status += f" ({escape(words.reported_on(activity))})"
    if activity.overdue:
        status += f" — {escape(words.overdue(activity))}"
    out += [status, ""]
    facts = words.activity_facts(activity)
    out += [f"- **{escape(name)}:** {escape(value)}" for name, value in facts]
    out.append("")
    if activity.note:
        when = f" ({words.date(activity.note_date)})" if activity.note_date else ""
        out += [f"> **{escape(_('Progress'))}{when}:** {escape(activity.note)}", ""]
    if not activity.products:
        out += [
            f"*{escape(_('This activity names no product, so there is no evidence to count.'))}*"
        ]
        out.append("")
        return out
    out += [f"**{escape(_('Products and evidence'))}**", ""]
    for product in activity.products:
        out.append(f"- {escape(words.product_line(product))}")
        for piece in product.evidence:
            extra = words.short_date(piece.date)
            if not piece.is_public:
                extra += f", {_('members only')}"
            out.append(f"  - {_link(piece.title, piece.url)} ({escape(extra)})")
        if product.hidden:
            out.append(f"  - *{escape(words.hidden(product))}*")
    out.append("")
    return out


def _area(area: AreaSection) -> list[str]:
    out = [f"## {escape(area.label)}", ""]
    if area.objective:
        out += [f"**{escape(_('Objective:'))}** {escape(area.objective)}", ""]
    if area.notes:
        out += [f"**{escape(_('Note:'))}** {escape(area.notes)}", ""]
    summary = area.summary
    figures = words.area_figures(
        summary.progress.total,
        summary.progress.done,
        summary.products_counted,
        summary.products_target,
    )
    out += [f"*{escape(figures)}*", ""]
    if not area.activities:
        out += [escape(_("This area has no activities.")), ""]
    for activity in area.activities:
        out += _activity(activity)
    return out


def _annex(report: AnnualReport) -> list[str]:
    out = [f"## {escape(_('Annex: unfinished commitments'))}", ""]
    if not report.carry_over:
        return [*out, escape(_("Nothing to carry over: every activity is done or cancelled.")), ""]
    out += [escape(words.carry_over_intro(report)), ""]
    rows = []
    for activity in report.carry_over:
        due = words.short_date(activity.due) or _("no due date")
        rows.append(
            [
                activity.label,
                activity.title,
                f"{due} ({words.overdue_mark()})" if activity.overdue else due,
                activity.status_label,
                "; ".join(activity.leads),
                words.of(activity.counted, activity.target) if activity.products else "—",
            ]
        )
    headings = [
        _("Code"),
        _("Activity"),
        _("Due"),
        _("Status"),
        words.label("leads"),
        _("Delivered"),
    ]
    return [*out, _table(headings, rows, {5}), ""]


def render(report: AnnualReport) -> str:
    cover = report.cover
    network = cover.network_name
    if cover.network_acronym != cover.network_name:
        network += f" ({cover.network_acronym})"
    status = escape(capfirst(cover.status_label))
    out = [
        f"# {escape(words.title(report))}",
        "",
        f"**{escape(network)}**  ",
        f"{escape(cover.plan_title)}  ",
        f"{words.label('year')}: {cover.year} · {_('Status')}: {status} · "
        f"{escape(words.as_of(cover.generated))}",
        "",
        f"<{cover.plan_url}>",
        "",
    ]
    out += _summary(report)
    out += _funding(report)
    for area in report.areas:
        out += _area(area)
    out += _annex(report)
    out += ["---", "", f"*{escape(words.generated(report))}*", ""]
    return "\n".join(out)
