"""The annual report as a Word document the secretariat can edit.

Real styles, not formatting: the cover is a Title, sections are Heading 1
and their parts Heading 2 (so Word's navigation pane and table of contents
work), each work area is a table with a header row that repeats on every
page and one row per activity, and the charts are embedded pictures (PNG:
Word documents cannot carry SVG portably) with a caption. Each work area
and the annex start on a new page. A4, 2 cm margins.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import charts as charting
from . import words
from .data import ActivityItem, AnnualReport, AreaSection

LINK = RGBColor(0x0A, 0x4D, 0x8C)
SOFT = RGBColor(0x4A, 0x53, 0x60)
TEXT_WIDTH = Cm(17)


def _language(document, language: str) -> None:
    """Spell-check the document in the reader's language."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)


def _repeat_header(row) -> None:
    """The table's first row repeats at the top of every page it runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _hyperlink(paragraph, text: str, url: str) -> None:
    """A clickable link (python-docx has no API for one)."""
    part = paragraph.part
    rel = part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _soft(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = SOFT
    run.font.size = Pt(9)


def _table(document, headings: list[str], widths: list[float]):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = table.rows[0]
    for cell, heading in zip(row.cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(row)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def _cover(document, report: AnnualReport) -> None:
    cover = report.cover
    network = cover.network_name
    if cover.network_acronym != cover.network_name:
        network += f" ({cover.network_acronym})"
    document.add_paragraph(network, style="Subtitle")
    document.add_heading(words.title(report), level=0)
    document.add_paragraph(cover.plan_title, style="Subtitle")
    facts = document.add_paragraph()
    facts.add_run(f"{words.label('year')}: ").bold = True
    facts.add_run(f"{cover.year}\n")
    facts.add_run(f"{_('Status')}: ").bold = True
    facts.add_run(f"{capfirst(cover.status_label)}\n")
    facts.add_run(f"{_('Date')}: ").bold = True
    facts.add_run(words.as_of(cover.generated))
    link = document.add_paragraph()
    _hyperlink(link, cover.plan_url, cover.plan_url)


def _summary(document, report: AnnualReport, pictures: tuple[charting.Chart, ...]) -> None:
    summary = report.summary
    heading = document.add_heading(_("Executive summary"), level=1)
    heading.paragraph_format.page_break_before = True
    figures = [
        (summary.total, words.label("activities")),
        (summary.done, _("Done")),
        (summary.overdue, _("Overdue")),
    ]
    for value, name in figures:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(words.number(value))
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(f"{_('Products delivered against their targets')}: ").bold = True
    paragraph.add_run(
        f"{words.of(summary.products_counted, summary.products_target)} "
        f"({words.percent(summary.products_percent)})"
    )

    document.add_heading(_("Activities by status"), level=2)
    table = _table(document, [_("Status"), _("Activities"), "%"], [9, 4, 4])
    for share in summary.status_shares:
        cells = table.add_row().cells
        cells[0].text = share.label
        cells[1].text = words.number(share.count)
        cells[2].text = words.percent(share.percent)
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run(_("Total")).bold = True
    cells[1].text = words.number(summary.total)

    document.add_heading(_("Progress by work area"), level=2)
    table = _table(
        document,
        [
            _("Work area"),
            _("Activities"),
            _("Done"),
            _("Overdue"),
            _("Products delivered against their targets"),
        ],
        [7, 2.2, 2.2, 2.2, 3.4],
    )
    for area in summary.by_area:
        cells = table.add_row().cells
        cells[0].text = area.label
        cells[1].text = words.number(area.progress.total)
        cells[2].text = words.number(area.progress.done)
        cells[3].text = words.number(area.progress.overdue)
        cells[4].text = (
            f"{words.of(area.products_counted, area.products_target)} "
            f"({words.percent(area.products_percent)})"
        )

    for chart in pictures:
        if not chart.key.startswith("funding"):
            _picture(document, chart)


def _picture(document, chart: charting.Chart) -> None:
    document.add_heading(chart.title, level=2)
    document.add_picture(io.BytesIO(chart.data), width=TEXT_WIDTH)
    document.add_paragraph(chart.description, style="Caption")


def _funding(document, report: AnnualReport, pictures: tuple[charting.Chart, ...]) -> None:
    """Contributions by source and by kind, per currency, with a chart per
    currency; nothing for a plan that records none."""
    funding = report.funding
    if not funding:
        return
    document.add_heading(_("Contributions by source and by kind"), level=1)
    for line in words.funding_by_currency(funding):
        document.add_paragraph(line, style="List Bullet")
    for heading, caption, totals in (
        (_("Funding source"), _("Contributions by funding source"), funding.by_source),
        (_("Kind"), _("Contributions by kind"), funding.by_kind),
    ):
        document.add_heading(caption, level=2)
        table = _table(document, words.funding_headings(heading), [5, 1.6, 2.6, 2.6, 2.6, 2])
        for values in words.funding_rows(totals):
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    for chart in pictures:
        if chart.key.startswith("funding"):
            _picture(document, chart)


def _activity_cell(cell, activity: ActivityItem) -> None:
    first = cell.paragraphs[0]
    first.add_run(activity.title).bold = True
    facts = words.activity_facts(activity)
    for name, value in facts:
        paragraph = cell.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)


def _status_cell(cell, activity: ActivityItem) -> None:
    cell.paragraphs[0].add_run(activity.status_label).bold = True
    if activity.status_date:
        _soft(cell.add_paragraph(), words.reported_on(activity))
    if activity.overdue:
        run = cell.add_paragraph().add_run(words.overdue(activity))
        run.bold = True
        run.font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)
    if activity.note:
        paragraph = cell.add_paragraph()
        paragraph.add_run(f"{_('Progress')}").bold = True
        if activity.note_date:
            paragraph.add_run(f" ({words.date(activity.note_date)})")
        paragraph.add_run(f": {activity.note}")


def _products_cell(cell, activity: ActivityItem) -> None:
    if not activity.products:
        _soft(
            cell.paragraphs[0],
            _("This activity names no product, so there is no evidence to count."),
        )
        return
    paragraph = cell.paragraphs[0]
    for index, product in enumerate(activity.products):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(words.product_line(product))
        for piece in product.evidence:
            line = cell.add_paragraph()
            line.paragraph_format.left_indent = Cm(0.4)
            line.add_run("– ")
            if piece.url:
                _hyperlink(line, piece.title, piece.url)
            else:
                line.add_run(piece.title)
            extra = f" · {words.short_date(piece.date)}"
            if not piece.is_public:
                extra += f" · {_('members only')}"
            _soft(line, extra)
        if product.hidden:
            _soft(cell.add_paragraph(), words.hidden(product))


def _area(document, area: AreaSection) -> None:
    heading = document.add_heading(area.label, level=1)
    heading.paragraph_format.page_break_before = True
    if area.objective:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{_('Objective:')} ").bold = True
        paragraph.add_run(area.objective)
    if area.notes:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{_('Note:')} ").bold = True
        paragraph.add_run(area.notes)
    summary = area.summary
    _soft(
        document.add_paragraph(),
        words.area_figures(
            summary.progress.total,
            summary.progress.done,
            summary.products_counted,
            summary.products_target,
        ),
    )
    if not area.activities:
        document.add_paragraph(_("This area has no activities."))
        return
    table = _table(
        document,
        [_("Code"), _("Activity"), _("Status"), _("Products and evidence")],
        [1.8, 6.6, 4.0, 4.6],
    )
    for activity in area.activities:
        cells = table.add_row().cells
        cells[0].text = activity.label
        _activity_cell(cells[1], activity)
        _status_cell(cells[2], activity)
        _products_cell(cells[3], activity)


def _annex(document, report: AnnualReport) -> None:
    heading = document.add_heading(_("Annex: unfinished commitments"), level=1)
    heading.paragraph_format.page_break_before = True
    if not report.carry_over:
        document.add_paragraph(_("Nothing to carry over: every activity is done or cancelled."))
        return
    document.add_paragraph(words.carry_over_intro(report))
    table = _table(
        document,
        [_("Code"), _("Activity"), _("Due"), _("Status"), words.label("leads"), _("Delivered")],
        [1.8, 5.6, 2.4, 2.4, 3.0, 1.8],
    )
    for activity in report.carry_over:
        cells = table.add_row().cells
        cells[0].text = activity.label
        cells[1].text = activity.title
        due = words.short_date(activity.due) or _("no due date")
        cells[2].text = f"{due} ({words.overdue_mark()})" if activity.overdue else due
        cells[3].text = activity.status_label
        cells[4].text = "; ".join(activity.leads)
        cells[5].text = words.of(activity.counted, activity.target) if activity.products else "—"


def render(report: AnnualReport, *, pictures: tuple[charting.Chart, ...] | None = None) -> bytes:
    """The report as a .docx document. `pictures` are the PNG charts, drawn
    here unless given."""
    if pictures is None:
        pictures = charting.png_charts(report)
    document = docx.Document()
    _page(document)
    language = get_language() or "es"
    _language(document, language)
    properties = document.core_properties
    properties.title = f"{words.title(report)} · {report.cover.network_acronym}"
    properties.subject = report.cover.plan_title
    properties.author = report.cover.network_name
    properties.last_modified_by = "Planea"
    properties.language = language
    properties.keywords = f"{report.cover.network_acronym}, {report.cover.year}"
    moment = dt.datetime.combine(report.cover.generated, dt.time(), tzinfo=dt.UTC)
    properties.created = properties.modified = moment
    properties.revision = 1

    _cover(document, report)
    _summary(document, report, pictures)
    _funding(document, report, pictures)
    for area in report.areas:
        _area(document, area)
    _annex(document, report)
    footer = document.sections[0].footer.paragraphs[0]
    _soft(footer, words.generated(report))

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
