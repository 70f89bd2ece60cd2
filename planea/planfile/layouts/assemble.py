"""Drafts into a plan: areas in order, activities with codes, dates, names, targets.

The meaning given here is the same whatever layout the drafts came from:
deadlines through `when`, names through `names`, targets through `targets`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from ..amounts import cash_contributions, funding_with_amounts
from ..blocks import Block, Document, Where
from ..model import Activity, Area, Plan, PlanWarning
from ..names import clean_name, organisation_key, preferred_spellings, split_names
from ..targets import find_targets
from ..text import fold, squash, strip_end_punctuation
from ..when import When, period_span, read_recurrence, read_when
from .drafts import Draft

_STOPWORDS = {
    "es": {"el", "la", "los", "las", "del", "de", "y", "en", "para", "con", "por", "una", "que"},
    "pt": {"o", "os", "da", "do", "das", "dos", "e", "em", "para", "com", "uma", "que", "nao"},
    "en": {"the", "and", "of", "to", "for", "with", "a", "in", "on", "by", "will", "that"},
    "fr": {"le", "la", "les", "des", "du", "de", "et", "pour", "avec", "une", "un", "sur", "au"},
}
# Words shared by two languages ("de", "la", "que", "para") count for both; the
# ones only one language uses decide.
# The subject of "X commits to" / "X will": a name in title case, perhaps
# with a parenthesis or an aside between commas before the verb.
_NAME = (
    r"(?:[Tt]he\s+)?(?:U\.S\.\s+)?[A-Z][\w.'’&-]+"
    r"(?:\s+(?:(?:of|and|for|on|the|de|del|la|los|&)\s+)*[A-Z][\w.'’&()-]+)*"
)
_PROSE_LEAD = re.compile(
    rf"(?P<lead>{_NAME})(?:\s*\([^)]{{1,80}}\))?(?:,[^.;]{{0,200}}?,)?\s+"
    r"(?:commits|will|has committed|is committed|se compromete|se comprometen|"
    r"s'engage|s’engage|s'engagent)\b"
)
_NOT_A_LEAD = {"this", "these", "it", "they", "we", "in", "to", "as", "for", "the", "that"}
# A deadline in prose: "by the end of 2023", "in early 2023", "over the next two years".
_PROSE_DUE = re.compile(
    r"\b(?:by|in|during|before|until|through|over|within|hasta|antes de|até|d'ici|avant)\s+"
    r"(?:the\s+)?(?:end\s+of\s+|early\s+|mid-?\s*|late\s+|fiscal\s+year\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?(?:19|20)\d\d\b"
    r"|\b(?:over|within|in)\s+the\s+(?:next|coming)\s+(?P<count>one|two|three|four|\d)?\s*"
    r"(?:year|years)\b",
    re.IGNORECASE,
)
_STATED_ONCE = re.compile(
    r"\b(?:by|before|until|hasta|antes de|até|d'ici|avant)\s+"
    r"(?:the\s+end\s+of\s+|el\s+final\s+de\s+|fin(?:ales)?\s+de\s+|o\s+final\s+de\s+|"
    r"la\s+fin\s+de\s+)?[^.;]{0,80}?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4}
_SUBORDINATE = re.compile(r"^(?:while|when|as|since|because|although|if|and|but|so)\s+", re.I)


def build(
    drafts: list[Draft], document: Document, layout: str, empty_areas: Sequence[Block] = ()
) -> Plan:
    title = _title(document)
    # The title names the plan's years; headings and prose name any year at all.
    period = period_span([title]) or _due_years(drafts) or _dated_near_top(document)
    year = period[0] if period else None
    language = detect_language(document)
    plan = Plan(title=title, year=year, language=language, layout=layout)
    if period and period[0] != period[1]:
        plan.period = period
    warnings: list[PlanWarning] = []
    leads = {id(d): _leads(d) for d in drafts}
    lead_names = preferred_spellings(n for names in leads.values() for n in names)
    funding = {id(d): funding_with_amounts(d.resources) for d in drafts}
    funding_names = preferred_spellings(
        clean_name(n) for names, _ in funding.values() for n in names
    )
    areas: dict[str, Area] = {}
    keys: set[str] = set()
    for draft in drafts:
        area = _area_for(areas, draft)
        activity = _activity(draft, area, year, language, keys)
        activity.leads = [lead_names[organisation_key(n)] for n in leads[id(draft)]]
        names, amounts = funding[id(draft)]
        activity.resources = [funding_names[organisation_key(clean_name(n))] for n in names]
        activity.contributions = cash_contributions(
            [(clean_name(name), money) for name, money in amounts], funding_names
        )
        area.activities.append(activity)
    for block in empty_areas:
        _area_for(areas, Draft("", block.where, area=block.text, area_where=block.where))
    plan.areas = list(areas.values())
    warnings.extend(_inherit_deadline(plan, document, drafts, year, language))
    warnings.extend(_summary_warnings(plan))
    plan.warnings = warnings
    return plan


def _dated_near_top(document: Document) -> tuple[int, int] | None:
    """A plan without a year in its title often dates itself on the cover or
    first line ("December 2022", "September 2016")."""
    for block in document.blocks[:8]:
        if block.kind != "table" and len(block.text) <= 40:
            when = read_when(block.text)
            if when.due:
                return when.due.year, when.due.year
    return None


def _inherit_deadline(
    plan: Plan, document: Document, drafts: list[Draft], year: int | None, language: str
) -> list[PlanWarning]:
    """A deadline the plan states once, before its activities, for all of them
    ("by the end of this National Action Plan cycle in June 2017"): given to
    those that state none, and said so."""
    activities = plan.activities
    undated = [a for a in activities if a.due is None and not a.due_text]
    if not drafts or len(undated) < 0.8 * len(activities):
        return []
    for block in _before(document, drafts[0].where):
        match = _STATED_ONCE.search(block.text)
        if not match:
            continue
        stated = match.group(0)
        when = read_when(stated, year, language)
        if when.due:
            for activity in undated:
                activity.due, activity.due_text = when.due, stated
            return [
                PlanWarning(
                    block.line,
                    "inherited-due",
                    f"{len(undated)} activities take the deadline the plan states once: {stated!r}",
                )
            ]
    return []


def _before(document: Document, where: Where) -> list[Block]:
    found = []
    for block in document.blocks:
        if block.where == where:
            break
        if block.kind == "paragraph":
            found.append(block)
    return found


def _title(document: Document) -> str:
    if document.title:
        return squash(document.title)
    for block in document.blocks[:20]:
        if block.kind == "heading" or (block.kind == "paragraph" and block.strong):
            return squash(block.text)[:200]
    for block in document.blocks[:5]:
        if block.kind == "paragraph":
            return squash(block.text)[:200]
    return ""


def _due_years(drafts: list[Draft]) -> tuple[int, int] | None:
    """The span of the deadlines' years, leaving out a stray one (a 2020 item
    in a 2022 roadmap) when most fall in a tighter span."""
    years = Counter(int(y) for d in drafts for y in re.findall(r"\b((?:19|20)\d\d)\b", d.due))
    if not years:
        return None
    common = [y for y, n in years.items() if n * 20 >= sum(years.values())]
    return min(common), max(common)


def detect_language(document: Document) -> str:
    counts = dict.fromkeys(_STOPWORDS, 0)
    seen = 0
    for block in document.blocks:
        text = " ".join(" ".join(row) for row in block.rows) if block.rows else block.text
        for word in fold(text).split():
            for language, words in _STOPWORDS.items():
                if word in words:
                    counts[language] += 1
            seen += 1
        if seen > 5000:
            break
    best = max(counts, key=lambda language: counts[language])
    return best if counts[best] else "es"


def _area_for(areas: dict[str, Area], draft: Draft) -> Area:
    title = strip_end_punctuation(squash(draft.area)) if draft.area else ""
    key = fold(title)
    if key not in areas:
        line = draft.area_where.line if draft.area_where else draft.where.line
        areas[key] = Area(number=len(areas) + 1, title=title or "—", line=line)
    return areas[key]


def _activity(
    draft: Draft, area: Area, year: int | None, language: str, keys: set[str]
) -> Activity:
    due_text = draft.due
    due: When | None
    if draft.due:
        due = read_when(draft.due, year, language)
    elif draft.milestones:
        due = _latest(draft.milestones, year, language)
    else:
        due, due_text = _prose_due(draft, year, language)
    starts = read_when(draft.starts, year, language) if draft.starts else None
    code = draft.code or f"{area.number}.{len(area.activities) + 1}"
    title = squash(draft.title).rstrip(" .;:")
    products = [strip_end_punctuation(p) for p in draft.products if strip_end_punctuation(p)]
    details = " ".join(draft.details)
    if draft.frequency:
        details = f"{draft.frequency}. {details}".strip()
    activity = Activity(
        code=code,
        key=_unique_key(code, keys),
        period="ANNUAL",
        title=title,
        details=details,
        starts=(starts.starts or starts.due) if starts else (due.starts if due else None),
        due=due.due if due else None,
        products=products,
        targets=find_targets(title, products, "ANNUAL", language if language != "fr" else "en"),
        line=_line(draft.where),
        status="cancelled" if draft.cancelled else "",
        due_text=due_text,
    )
    recurrence = read_recurrence(draft.frequency) if draft.frequency else None
    if recurrence and activity.targets and activity.targets[0].recurrence is None:
        activity.targets[0].recurrence = recurrence
    if activity.starts and activity.due and activity.starts > activity.due:
        activity.starts = None
    return activity


def _latest(milestones: list[str], year: int | None, language: str) -> When | None:
    """The deadline of an activity given as dated targets: the latest date that
    heads a target ("06/16 y 06/17: Implementados 3 pilotos")."""
    dated: list[tuple[dt.date, When]] = []
    for milestone in milestones:
        head, sep, _ = milestone.partition(":")
        when = read_when(head if sep and len(head) <= 25 else milestone[:25], year, language)
        if when.due:
            dated.append((when.due, when))
    return max(dated, key=lambda pair: pair[0])[1] if dated else None


def _leads(draft: Draft) -> list[str]:
    if draft.leads:
        return [name for written in draft.leads for name in split_names(written)]
    text = " ".join(draft.details)[:1500]
    for match in _PROSE_LEAD.finditer(text):
        # "The Administration will…": the name is "Administration".
        lead = clean_name(re.sub(r"^[Tt]he\s+", "", match.group("lead")))
        if lead and fold(lead) not in _NOT_A_LEAD and not lead[0].islower():
            return [lead]
    return []


def _prose_due(draft: Draft, year: int | None, language: str) -> tuple[When | None, str]:
    """A deadline the activity states in its prose, with the words that state it;
    "over the next year" counts from the plan's year."""
    match = _PROSE_DUE.search(" ".join(draft.details)[:3000])
    if not match:
        return None, ""
    words = match.group(0)
    if "year" in words.lower() and not re.search(r"\d{4}", words):
        if year is None:
            return None, ""
        count = match.group("count") or "one"
        ahead = int(count) if count.isdigit() else _COUNTS[count.lower()]
        return read_when(str(year + ahead), year, language), words
    when = read_when(words, year, language)
    return (when, words) if when.due else (None, "")


def _unique_key(code: str, keys: set[str]) -> str:
    base = re.sub(r"\s+", "-", fold(code).strip(" .:-)")) or "a"
    key, n = base, 1
    while key in keys:
        n += 1
        key = f"{base}-{n}"
    keys.add(key)
    return key


def _line(where: Where) -> int | None:
    return where.line if where.page is None and where.sheet is None else None


def _summary_warnings(plan: Plan) -> list[PlanWarning]:
    """One warning per missing field across the plan, not one per activity: a
    plan that names no leads says so once."""
    activities = plan.activities
    warnings = []
    for attribute, code, what in (
        ("leads", "missing-lead", "no lead"),
        ("due", "missing-due", "no deadline"),
        ("products", "missing-product", "no product"),
    ):
        missing = [a for a in activities if not getattr(a, attribute)]
        if missing:
            warnings.append(
                PlanWarning(
                    missing[0].line,
                    code,
                    f"{len(missing)} of {len(activities)} activities have {what}"
                    + (f" (first: {missing[0].code})" if len(missing) < len(activities) else ""),
                )
            )
    cancelled = [a for a in activities if a.status == "cancelled"]
    if cancelled:
        warnings.append(
            PlanWarning(
                cancelled[0].line,
                "cancelled",
                f"{len(cancelled)} activities are struck through or marked postponed: "
                "kept, marked cancelled",
            )
        )
    return warnings
