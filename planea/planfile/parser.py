"""The structural parser: classified lines in, a `Plan` out.

Three steps. `lines.classify` says what each line could be; `_Reader` walks
the lines once with the context (free text, area, section, activity) and
collects raw pieces, warning about whatever does not fit; `_finish` then
gives the pieces their meaning -- names, inherited fields, dates, targets --
which needs the whole document (its year, its language, every spelling of
every name).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import notes
from .amounts import Money, cash_contributions, funding_with_amounts
from .dates import period_due, read_details
from .errors import PlanParseError
from .lines import Kind, Line, classify
from .model import Activity, Area, Plan, PlanWarning, Section
from .names import organisation_key, preferred_spellings, split_list, split_names
from .targets import find_targets
from .text import fold, int_to_roman, roman_to_int, squash, strip_end_punctuation
from .vocabulary import detect_language, period_of

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_LOOKAHEAD = 8
_UNDECIDED = {"a definir", "por definir", "to be defined", "tbd", "to be confirmed", "a confirmar"}
_GENERIC_LEADS = {"grupo de trabajo", "grupo de trabalho", "working group", "gt"}


def parse_text(text: str, source: str | None = None) -> Plan:
    """Read a plan from its text. Raises PlanParseError for what is not a plan."""
    if not isinstance(text, str):
        raise PlanParseError("expected text", source=source)
    _refuse_junk(text, source)
    lines = [classify(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    if all(line.kind is Kind.BLANK for line in lines):
        raise PlanParseError("the document is empty", source=source)
    reader = _Reader(lines)
    reader.run()
    if not any(area.activities for area in reader.areas):
        raise PlanParseError(
            "no activities found: a plan has numbered areas ('1. Datos abiertos') "
            "with numbered activities ('1.1.i- Apertura de un set de datos')",
            source=source,
        )
    return _finish(reader)


def _refuse_junk(text: str, source: str | None) -> None:
    """Binary data that happened to decode is not a document."""
    sample = text[:20000]
    if "\x00" in sample:
        raise PlanParseError("this is binary data, not text", source=source)
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    controls += sum(1 for c in sample if 0x7F <= ord(c) < 0xA0 or c == "\ufffd")
    if sample and controls / len(sample) > 0.01:
        raise PlanParseError(
            "the text is full of control characters: binary data, or text in an "
            "encoding that could not be recognised",
            source=source,
        )


# ---------------------------------------------------------------------------
# Pass two: structure


@dataclass(slots=True)
class _Field:
    name: str
    plural: bool
    parts: list[str]
    line: int


@dataclass(slots=True)
class _RawActivity:
    line: Line
    code: str
    key: str
    section: str
    period: str
    title: list[str]
    fields: list[_Field] = field(default_factory=list)


@dataclass(slots=True)
class _RawSection:
    written_area: int
    written: int
    number: int  # as renumbered when the written number was already taken
    header: list[str]
    line: int
    items: list[int] = field(default_factory=list)
    period: str | None = None


@dataclass(slots=True)
class _RawArea:
    number: int
    title: list[str]
    line: int
    objective: list[str] | None = None
    notes: list[tuple[list[str], int]] = field(default_factory=list)
    sections: list[_RawSection] = field(default_factory=list)
    activities: list[_RawActivity] = field(default_factory=list)


class _Reader:
    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.warnings: list[PlanWarning] = []
        self.title: list[str] = []
        self.title_line: int | None = None
        self.sections: list[tuple[str, list[list[str]], bool]] = []
        self.areas_heading = ""
        self.areas: list[_RawArea] = []
        self.mode = "start"  # start | free | areas
        self.area: _RawArea | None = None
        self.section: _RawSection | None = None
        self.activity: _RawActivity | None = None
        self.sink: list[str] | None = None  # where a continuation line goes
        self.paragraph_break = False
        self.codes: dict[str, int] = {}
        self.keys: set[str] = set()
        self.language_words: list[str] = []
        self.header_years: list[int] = []

    def warn(self, line: int | None, code: str, message: str) -> None:
        self.warnings.append(PlanWarning(line, code, message))

    def run(self) -> None:
        handlers = {
            Kind.BLANK: self.blank,
            Kind.HEADING: self.heading,
            Kind.AREA: self.area_line,
            Kind.SECTION: self.section_line,
            Kind.ACTIVITY: self.activity_line,
            Kind.LABEL: self.label,
            Kind.UNKNOWN_LABEL: self.unknown_label,
            Kind.TEXT: self.text,
        }
        for index, line in enumerate(self.lines):
            self.index = index
            handlers[line.kind](line)
        self.close_area()

    # -- free text -------------------------------------------------------

    def blank(self, line: Line) -> None:
        if self.mode != "areas":
            self.paragraph_break = True

    def heading(self, line: Line) -> None:
        self.close_area()
        self.mode = "areas" if line.is_areas_heading else "free"
        if line.is_areas_heading:
            self.areas_heading = line.rest
        self.sections.append((line.rest, [], bool(self.areas)))
        self.sink = None

    def text(self, line: Line) -> None:
        if self.mode != "areas":
            self.free_text(line)
        elif self.sink is not None:
            self.sink.append(line.text)
        elif self.area is None:
            # Between the areas heading and the first area: the heading's own text.
            self.free_text(line)
        else:
            self.unplaced(line)

    def free_text(self, line: Line) -> None:
        if not self.title and not self.sections and self.mode == "start":
            self.title, self.title_line = [line.text], line.number
            self.sink = None
            return
        if not self.sections:
            self.sections.append(("", [], False))
        paragraphs = self.sections[-1][1]
        if self.paragraph_break or not paragraphs or self.sink is None:
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        self.sink = paragraphs[-1]
        self.paragraph_break = False

    def unplaced(self, line: Line, text: str | None = None) -> None:
        """Text with no home is kept in the area's notes, and reported."""
        assert self.area is not None
        self.warn(
            line.number,
            "unplaced-text",
            f"text outside any field, kept in the notes of area {self.area.number}: "
            f"{_excerpt(line.text)}",
        )
        parts = [text or line.text]
        self.area.notes.append((parts, line.number))
        self.sink = parts

    # -- structure -------------------------------------------------------

    def starts_structure(self) -> bool:
        """Whether sections, activities, an objective or a note follow the current
        line -- past blank lines, and past the rest of a title wrapped over
        several lines, but not past a paragraph of other text."""
        blank_seen = False
        for line in self.lines[self.index + 1 : self.index + 1 + 4 * _LOOKAHEAD]:
            if line.kind is Kind.BLANK:
                blank_seen = True
            elif _is_area_content(line):
                return True
            elif line.kind in (Kind.AREA, Kind.HEADING) or blank_seen:
                return False
        return False

    def area_line(self, line: Line) -> None:
        if self.starts_structure():
            self.open_area(line.area, [line.rest], line.number)
        elif self.mode == "areas" and self.area is not None and self.sink is not None:
            # A numbered list inside a field ("1. Informe", "2. Acta").
            self.warn(
                line.number,
                "unplaced-text",
                "numbered line read as part of the text before it, since no sections "
                f"or activities follow it: {_excerpt(line.text)}",
            )
            self.sink.append(line.text)
        else:
            self.text(line)

    def open_area(self, number: int, title: list[str], line_number: int) -> None:
        self.close_area()
        self.mode = "areas"
        if self.areas:
            previous = self.areas[-1].number
            if any(area.number == number for area in self.areas):
                self.warn(line_number, "duplicate-section", f"area {number} appears twice")
            elif number != previous + 1:
                self.warn(line_number, "numbering-gap", f"area {number} follows area {previous}")
        self.area = _RawArea(number, title, line_number)
        self.areas.append(self.area)
        self.sink = title

    def ensure_area(self, line: Line) -> _RawArea:
        if self.area is None:
            self.warn(
                line.number,
                "missing-area",
                f"{line.text[:20]}… comes before any area: area {line.area} is assumed",
            )
            self.open_area(line.area, [f"Área {line.area}"], line.number)
        assert self.area is not None
        return self.area

    def close_area(self) -> None:
        self.close_activity()
        self.area = None
        self.section = None

    def section_line(self, line: Line) -> None:
        area = self.ensure_area(line)
        self.close_activity()
        if line.area != area.number:
            self.warn(
                line.number,
                "code-mismatch",
                f"section {line.area}.{line.section} is inside area {area.number}",
            )
        written = [s.written for s in area.sections]
        taken = {s.number for s in area.sections if s.items}
        number = line.section
        if line.section in written:
            if number in taken:
                number = max(taken) + 1
            first = next(s for s in area.sections if s.written == line.section)
            self.warn(
                line.number,
                "duplicate-section",
                f"section {line.area}.{line.section} appears twice (first on line {first.line}); "
                f"its activities are keyed as {area.number}.{number}",
            )
        elif number in taken:
            number = max(taken) + 1
        else:
            previous = written[-1] if written else 0
            if line.section != previous + 1:
                self.warn(
                    line.number,
                    "numbering-gap",
                    f"section {line.area}.{line.section} follows "
                    + (f"section {line.area}.{previous}" if previous else "no section"),
                )
        self.section = _RawSection(line.area, line.section, number, [line.rest], line.number)
        area.sections.append(self.section)
        self.sink = self.section.header

    def section_period(self, section: _RawSection) -> str:
        if section.period is None:
            header = " ".join(section.header)
            self.language_words.extend(fold(header).split())
            self.header_years.extend(int(y) for y in _YEAR.findall(header))
            period = period_of(header)
            if period is None:
                self.warn(
                    section.line,
                    "unknown-period",
                    f"no semester or year in the section header {_excerpt(header)!r}: "
                    "its activities are taken as year-round",
                )
                period = "ANNUAL"
            section.period = period
        return section.period

    def activity_line(self, line: Line) -> None:
        area = self.ensure_area(line)
        self.close_activity()
        code = f"{line.area}.{line.section}.{line.item}"
        section = self.section
        if section is None:
            self.warn(
                line.number,
                "outside-section",
                f"activity {code} is not under a period header: taken as year-round",
            )
            period, key = "ANNUAL", fold(code)
        else:
            period = self.section_period(section)
            key = f"{area.number}.{section.number}.{line.item.lower()}"
            self.check_numbering(line, code, area, section)
        unique, n = key, 1
        while unique in self.keys:
            n += 1
            unique = f"{key}-{n}"
        self.keys.add(unique)
        if code.lower() in self.codes:
            self.warn(
                line.number,
                "duplicate-code",
                f"activity code {code} is used twice (first on line "
                f"{self.codes[code.lower()]}); this one is keyed {unique}",
            )
        else:
            self.codes[code.lower()] = line.number
        section_code = f"{section.written_area}.{section.written}" if section else ""
        self.activity = _RawActivity(line, code, unique, section_code, period, [line.rest])
        area.activities.append(self.activity)
        self.sink = self.activity.title

    def check_numbering(self, line: Line, code: str, area: _RawArea, section: _RawSection) -> None:
        if line.area != area.number or line.section != section.written:
            self.warn(
                line.number,
                "code-mismatch",
                f"activity {code} is inside section {area.number}.{section.written}",
            )
        value = _item_value(line.item)
        if value is None:
            return
        previous = section.items[-1] if section.items else 0
        if value in section.items:
            pass  # reported as a duplicate code
        elif value != previous + 1:
            missing = ", ".join(
                f"{line.area}.{line.section}.{_item_like(line.item, v)}"
                for v in range(previous + 1, value)
            )
            after = (
                f"{line.area}.{line.section}.{_item_like(line.item, previous)}"
                if previous
                else "the section header"
            )
            self.warn(
                line.number,
                "numbering-gap",
                f"activity {code} follows {after}" + (f": {missing} is missing" if missing else ""),
            )
        section.items.append(value)

    def close_activity(self) -> None:
        self.activity = None
        self.sink = None

    # -- fields ----------------------------------------------------------

    def label(self, line: Line) -> None:
        if self.mode != "areas" or self.area is None:
            self.text(line)
            return
        self.language_words.append(fold(line.label))
        if line.field == "note":
            parts = [line.rest]
            self.area.notes.append((parts, line.number))
            self.sink = parts
        elif line.field == "objective" and self.activity is None:
            if self.area.objective is None:
                self.area.objective = [line.rest]
            else:
                self.area.objective.append(line.rest)
            self.sink = self.area.objective
        elif self.activity is None:
            self.unplaced(line)
        else:
            name = "details" if line.field == "objective" else line.field
            if line.field == "objective":
                self.warn(
                    line.number,
                    "label-out-of-place",
                    f"'{line.label}:' inside activity {self.activity.code}: kept in its details",
                )
            parts = [line.text if line.field == "objective" else line.rest]
            self.activity.fields.append(_Field(name, line.plural, parts, line.number))
            self.sink = parts

    def unknown_label(self, line: Line) -> None:
        if self.mode == "areas" and self.area is not None:
            self.warn(
                line.number,
                "unknown-label",
                f"unknown label '{line.label}:', read as part of the text before it",
            )
        self.text(line)


def _is_area_content(line: Line) -> bool:
    return line.kind in (Kind.SECTION, Kind.ACTIVITY) or (
        line.kind is Kind.LABEL and line.field in ("objective", "note")
    )


def _item_value(item: str) -> int | None:
    if item.isdigit():
        return int(item)
    value = roman_to_int(item)
    if value is not None:
        return value
    return ord(item.lower()) - ord("a") + 1 if len(item) == 1 else None


def _item_like(item: str, value: int) -> str:
    """Write `value` the way `item` is written: 'iii', 'III', '3' or 'c'."""
    if item.isdigit():
        return str(value)
    if roman_to_int(item) is not None:
        roman = int_to_roman(value)
        return roman.upper() if item.isupper() else roman
    return chr(ord("a") + value - 1)


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------
# Meaning


def _finish(reader: _Reader) -> Plan:
    title = squash(" ".join(reader.title))
    year = _plan_year(title, reader)
    language = detect_language(reader.language_words)
    plan = Plan(
        title=title,
        year=year,
        language=language,
        sections=[
            Section(heading, "\n\n".join(squash(" ".join(p)) for p in paragraphs), after)
            for heading, paragraphs, after in reader.sections
        ],
        areas_heading=reader.areas_heading,
    )
    warnings = reader.warnings
    if year is None:
        warnings.append(
            PlanWarning(reader.title_line, "missing-year", "the plan's year could not be found")
        )

    raw_areas = reader.areas
    area_notes = {id(area): _notes_text(area) for area in raw_areas}
    inherited = {
        id(area): notes.read([(squash(" ".join(parts)), line) for parts, line in area.notes])
        for area in raw_areas
    }

    # Every spelling of every name, so that each organisation shows one way.
    leads_seen: list[str] = []
    funding_seen: list[str] = []
    values: dict[int, tuple[list[str], list[str], list[str]]] = {}
    amounts: dict[int, list[tuple[str, Money]]] = {}
    for area in raw_areas:
        found = inherited[id(area)]
        leads_seen.extend(found.leads)
        funding_seen.extend(found.funding)
        for raw in area.activities:
            products, resources, leads = _field_values(raw)
            resources, amounts[id(raw)] = funding_with_amounts(resources)
            values[id(raw)] = (products, resources, leads)
            leads_seen.extend(leads)
            funding_seen.extend(resources)
    lead_names = preferred_spellings(leads_seen)
    funding_names = preferred_spellings(funding_seen)

    for area in raw_areas:
        found = inherited[id(area)]
        result = Area(
            number=area.number,
            title=strip_end_punctuation(squash(" ".join(area.title))) or f"Área {area.number}",
            objective=squash(" ".join(area.objective)) if area.objective is not None else None,
            notes=area_notes[id(area)],
            line=area.line,
        )
        for raw in area.activities:
            products, resources, leads = values[id(raw)]
            activity = _activity(raw, products, year, language)
            activity.resources = [funding_names[organisation_key(r)] for r in resources]
            activity.contributions = cash_contributions(amounts[id(raw)], funding_names)
            activity.leads = [lead_names[organisation_key(name)] for name in leads]
            _inherit(activity, found, lead_names, funding_names)
            _check_fields(activity, warnings)
            result.activities.append(activity)
        if not (result.activities or result.objective is not None or result.notes):
            # Nothing but a number and a title: an area cannot be told from a
            # numbered line of text without something under it.
            warnings.append(
                PlanWarning(
                    area.line, "empty-area", f"area {area.number} has no activities: left out"
                )
            )
            continue
        if found and any(a.inherited for a in result.activities):
            count = sum(1 for a in result.activities if a.inherited)
            warnings.append(
                PlanWarning(
                    found.line or area.line,
                    "inherited-from-note",
                    f"{count} activities of area {area.number} take their "
                    f"{' and '.join(found.describe())} from the area's note",
                )
            )
        plan.areas.append(result)

    plan.warnings = sorted(warnings, key=lambda w: (w.line is None, w.line or 0))
    return plan


def _plan_year(title: str, reader: _Reader) -> int | None:
    years = [int(y) for y in _YEAR.findall(title)]
    if years:
        return years[-1]
    for area in reader.areas:
        for section in area.sections:
            reader.section_period(section)
    if reader.header_years:
        return Counter(reader.header_years).most_common(1)[0][0]
    return None


def _notes_text(area: _RawArea) -> str:
    return "\n".join(squash(" ".join(parts)) for parts, _ in area.notes if squash(" ".join(parts)))


def _field_values(raw: _RawActivity) -> tuple[list[str], list[str], list[str]]:
    products: list[str] = []
    resources: list[str] = []
    leads: list[str] = []
    for item in raw.fields:
        text = " ".join(item.parts)
        if item.name == "product":
            if item.plural:
                products.extend(split_list(text))
            elif value := strip_end_punctuation(squash(text)):
                products.append(value)
        elif item.name == "resources":
            resources.extend(split_names(text))
        elif item.name == "leads":
            leads.extend(split_names(text))
    return products, resources, leads


def _activity(raw: _RawActivity, products: list[str], year: int | None, language: str) -> Activity:
    details = squash(" ".join(" ".join(f.parts) for f in raw.fields if f.name == "details"))
    when = read_details(details, year)
    # Titles end with a stray period or semicolon as often as not.
    title = squash(" ".join(raw.title)).rstrip(" .;")
    return Activity(
        code=raw.code,
        key=raw.key,
        section=raw.section,
        period=raw.period,  # type: ignore[arg-type]
        title=title,
        details=details,
        location=when.location,
        starts=when.starts,
        due=when.due or period_due(raw.period, year),
        products=products,
        targets=find_targets(title, products, raw.period, language),
        line=raw.line.number,
    )


def _inherit(
    activity: Activity,
    found: notes.AreaNote,
    lead_names: dict[str, str],
    funding_names: dict[str, str],
) -> None:
    """Fill what the activity lacks from what its area's note says of all of them."""
    if not found:
        return
    if found.funding and not activity.resources:
        activity.resources = [funding_names[organisation_key(f)] for f in found.funding]
        activity.inherited.append("resources")
    if found.leads:
        coordinators = [lead_names[organisation_key(name)] for name in found.leads]
        generic = [name for name in activity.leads if fold(name) in _GENERIC_LEADS]
        if len(generic) == len(activity.leads):
            # No lead, or only "the working group": the note says which group.
            activity.leads = coordinators
            activity.inherited.append("leads")
        elif generic:
            named = [n for n in activity.leads if n not in generic]
            activity.leads = named + [c for c in coordinators if c not in named]


def _check_fields(activity: Activity, warnings: list[PlanWarning]) -> None:
    missing = [
        (not activity.products, "missing-product", "no product"),
        (not activity.resources, "missing-funding", "no funding (Recursos)"),
        (not activity.leads, "missing-lead", "no lead (Liderazgo)"),
    ]
    for absent, code, what in missing:
        if absent:
            warnings.append(
                PlanWarning(activity.line, code, f"activity {activity.code} has {what}")
            )
    for resource in activity.resources:
        if fold(resource) in _UNDECIDED:
            warnings.append(
                PlanWarning(
                    activity.line,
                    "funding-undecided",
                    f"the funding of activity {activity.code} is still to be decided",
                )
            )
