"""Turning a parsed plan document into rows, all or nothing.

The importer trusts the parser for the shape of the plan and the database for
its invariants: anything the database refuses ends the whole import with a
`PlanImportError`, and the transaction leaves the database as it was.
Rows are written with bulk inserts in batches, so a plan of thousands of
activities costs a few dozen queries, not thousands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planea import planfile
from planea.core.audit import delete_with_history
from planea.core.text import clean_deep
from planea.planfile import organisation_key
from planea.planfile.names import preferred_spellings

from .models import (
    Activity,
    Area,
    Contribution,
    FundingSource,
    Network,
    Organisation,
    Period,
    Plan,
    Product,
    unique_slug,
)
from .organisations import funder_acronym, funding_kind_for, kind_for
from .writing import (
    BATCH_SIZE,
    History,
    Names,
    NewActivity,
    create_activities,
    create_areas,
)
from .writing import bulk_create as _bulk_create
from .writing import history as write_history

# Called as progress(done, total) while activities are written.
Progress = Callable[[int, int], None]

BACKGROUND_HEADINGS = ("Antecedentes", "Background", "Antecedentes y contexto")
PURPOSE_HEADINGS = ("Finalidad", "Purpose", "Propósito", "Objetivo general", "Finalidade")


# The change reasons on the history rows an import writes.
IMPORT_REASON = "import"
REPLACE_REASON = "replaced by the import of"


class PlanImportError(Exception):
    """The plan cannot be imported; `message` says why in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PlanExists(PlanImportError):
    """The network already has a plan for that year and replacing was not asked for."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(
            _(
                "%(network)s already has a plan for %(year)s (%(title)s); "
                "use --replace to replace it"
            )
            % {"network": plan.network, "year": plan.year, "title": plan.title}
        )
        self.plan = plan


def import_plan(
    parsed: planfile.Plan,
    network: Network,
    replace: bool = False,
    progress: Progress | None = None,
    *,
    source_name: str = "",
    status: str | None = None,
) -> Plan:
    """Store `parsed` as `network`'s plan for its year and return it.

    Organisations and funding sources are the network's, shared between its
    plans, and found by key, so "Secretaria Técnica" in one activity and
    "Secretaría Técnica" in the next are the same row. Raises `PlanExists`
    when the year is taken and `replace` is false, and `PlanImportError` for
    anything else the plan or the database refuses; in both cases nothing
    has been written. `status` is the state a new plan takes (None: the
    model's default); a replacement keeps the replaced plan's state.
    """
    year = parsed.year
    if year is None:
        raise PlanImportError(_("the plan does not say which year it is for"))
    parsed = clean_document(parsed)
    check_document(parsed)
    try:
        with transaction.atomic():
            return _import(
                parsed, year, network, replace, progress or _no_progress, source_name, status
            )
    except DatabaseError as exc:
        # A constraint the checks above did not foresee: report it in one
        # line; the transaction has already been rolled back.
        detail = " ".join(str(exc).split())
        raise PlanImportError(_("the database refused the plan: %s") % detail) from exc


def _no_progress(done: int, total: int) -> None:
    return None


def _import(
    parsed: planfile.Plan,
    year: int,
    network: Network,
    replace: bool,
    progress: Progress,
    source_name: str,
    status: str | None = None,
) -> Plan:
    existing = (
        Plan.objects.select_for_update()
        .select_related("network")
        .filter(network=network, year=year)
        .first()
    )
    if existing is not None:
        if not replace:
            raise PlanExists(existing)
        # The replacement takes the replaced plan's place in its life cycle:
        # a draft stays a draft, never made public by a new file.
        status = existing.status
        if existing.versions.exists():
            raise PlanImportError(
                _(
                    "%(network)s %(year)s has recorded versions (proposed or approved); "
                    "replacing it would erase that record. Amend the plan instead."
                )
                % {"network": existing.network, "year": existing.year}
            )
        if existing.has_tracking_data():
            raise PlanImportError(
                _(
                    "%(network)s %(year)s already has progress reports or evidence; "
                    "replacing it would delete them. Amend the plan instead."
                )
                % {"network": existing.network, "year": existing.year}
            )
        # With one "deleted" history row per row removed, written in bulk.
        delete_with_history(existing, reason=f"{REPLACE_REASON} {source_name}".strip())

    activities = parsed.activities
    total = len(activities)
    progress(0, total)

    now = timezone.now()
    reason = f"{IMPORT_REASON} {source_name}".strip()[:100]
    history = write_history(reason, date=now)
    names = names_for(network, activities, history)

    plan = Plan(
        network=network,
        year=year,
        title=parsed.title.strip() or _("Annual work plan %(year)s") % {"year": year},
        language=(parsed.language or "es")[:10],
        background=parsed.section_text(*BACKGROUND_HEADINGS),
        purpose=parsed.section_text(*PURPOSE_HEADINGS),
        sections=[section.to_dict() for section in parsed.sections],
        areas_heading=parsed.areas_heading[:300],
        warnings=[warning.to_dict() for warning in parsed.warnings],
        source_name=source_name[:300],
        imported_at=now,
    )
    if status is not None:
        plan.status = status
    plan._history_date = now
    plan._change_reason = reason
    plan.save()
    area_of = create_areas(plan, parsed.areas, history)

    done = 0
    for start in range(0, total, BATCH_SIZE):
        batch = activities[start : start + BATCH_SIZE]
        rows = [
            NewActivity(activity, area_of[id(activity)], start + index)
            for index, activity in enumerate(batch)
        ]
        create_activities(plan, rows, names, history)
        done += len(batch)
        progress(done, total)
    return plan


def _spellings(names: Iterable[str]) -> dict[str, str]:
    """For each key, the spelling to store: the parser's choice (the most
    accented spelling, the first written among equals)."""
    cleaned = (" ".join(raw.split()).strip(" .;,") for raw in names)
    return {key: name for key, name in preferred_spellings(cleaned).items() if key}


def organisation_names(activities: Iterable[planfile.Activity]) -> list[str]:
    names = [name for activity in activities for name in activity.leads]
    # Partners that pay for an activity are organisations too, even if they
    # lead nothing ("Proyecto BPR/BID" is the BID's money).
    for activity in activities:
        for resource in activity.resources:
            acronym = funder_acronym(resource)
            if acronym:
                names.append(acronym)
    return names


def funding_names(activities: Iterable[planfile.Activity]) -> list[str]:
    # A contribution's source is a funding source of the network even when
    # the activity's resources do not list it.
    return [
        name
        for activity in activities
        for name in [*activity.resources, *(c.source for c in activity.contributions)]
    ]


def names_for(network: Network, activities: list[planfile.Activity], history: History) -> Names:
    """The network's organisations and funding sources by key, with those
    `activities` name created."""
    organisations = organisations_for(network, organisation_names(activities), history)
    funding = funding_sources_for(network, organisations, funding_names(activities), history)
    return Names(organisations, funding)


def organisations_for(
    network: Network, names: Iterable[str], history: dict
) -> dict[str, Organisation]:
    """The network's organisations by key, creating those `names` adds."""
    known = {org.key: org for org in Organisation.objects.filter(network=network)}
    taken = {org.slug for org in known.values()}
    new = [
        Organisation(
            network=network,
            name=name,
            key=key,
            slug=unique_slug(name, taken, fallback="organisation"),
            kind=kind_for(name),
        )
        for key, name in _spellings(names).items()
        if key not in known
    ]
    if new:
        _bulk_create(Organisation, new, history)
        known = {org.key: org for org in Organisation.objects.filter(network=network)}
    return known


def funding_sources_for(
    network: Network, organisations: dict[str, Organisation], names: Iterable[str], history: dict
) -> dict[str, FundingSource]:
    """The network's funding sources by key, creating those `names` adds."""
    known = {source.key: source for source in FundingSource.objects.filter(network=network)}
    new = []
    for key, name in _spellings(names).items():
        if key in known:
            continue
        acronym = funder_acronym(name)
        new.append(
            FundingSource(
                network=network,
                name=name,
                key=key,
                kind=funding_kind_for(name),
                organisation=organisations.get(organisation_key(acronym)) if acronym else None,
            )
        )
    if new:
        _bulk_create(FundingSource, new, history)
        known = {source.key: source for source in FundingSource.objects.filter(network=network)}
    return known


def clean_document(parsed: planfile.Plan) -> planfile.Plan:
    """The document with the text rule applied (planea.core.text): control
    characters a document carries are stripped, not refused, since the
    document is taken as a whole and its author cannot fix it line by line."""
    return clean_deep(parsed)


def _integer_limit(field) -> int:
    """The largest value the database holds in an integer field, on every
    engine Planea runs on (PostgreSQL's integer and smallint)."""
    return 32767 if field.get_internal_type().endswith("SmallIntegerField") else 2**31 - 1


def _check_numbers(parsed: planfile.Plan) -> None:
    area_limit = _integer_limit(Area._meta.get_field("number"))
    quantity_limit = _integer_limit(Product._meta.get_field("target_quantity"))
    line_limit = _integer_limit(Activity._meta.get_field("source_line"))
    for area in parsed.areas:
        if not 0 <= area.number <= area_limit:
            raise PlanImportError(
                _where(
                    _line(area.line, line_limit),
                    _("the work area's number %(number)s is out of range (0 to %(limit)s)")
                    % {"number": _short_number(area.number), "limit": area_limit},
                )
            )
        if area.line is not None and not 0 <= area.line <= line_limit:
            raise PlanImportError(_("a line number is out of range"))
    for activity in parsed.activities:
        if activity.line is not None and not 0 <= activity.line <= line_limit:
            raise PlanImportError(_("a line number is out of range"))
        for target in activity.targets:
            quantity = target.quantity
            if not isinstance(quantity, int | float) or not 1 <= quantity <= quantity_limit:
                raise PlanImportError(
                    _where(
                        activity.line,
                        _(
                            "the target of activity %(key)s, %(quantity)s, is out of range "
                            "(1 to %(limit)s)"
                        )
                        % {
                            "key": activity.key.strip(),
                            "quantity": _short_number(quantity),
                            "limit": f"{quantity_limit:,}",
                        },
                    )
                )


def _line(line: int | None, limit: int) -> int | None:
    return line if line is not None and 0 <= line <= limit else None


def _short_number(number: object) -> str:
    """A number fit for a one-line message, however many digits it has."""
    try:
        text = str(number)
    except ValueError:  # more digits than Python will print
        return "…"
    return text if len(text) <= 20 else f"{text[:8]}…"


def _max_length(model: type[models.Model], name: str) -> int:
    """The length limit of a text field that has one."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no length limit")
    return field.max_length


def check_document(parsed: planfile.Plan) -> None:
    """Refuse, with the document line, what the database would refuse less clearly."""
    _check_numbers(parsed)
    periods = {period.value for period in Period}
    seen: dict[str, int | None] = {}
    limits = {
        "code": _max_length(Activity, "code"),
        "key": _max_length(Activity, "key"),
        "location": _max_length(Activity, "location"),
    }
    name_limit = _max_length(Organisation, "name")
    title_limit = _max_length(Area, "title")
    if len(parsed.title.strip()) > _max_length(Plan, "title"):
        raise PlanImportError(_("the plan's title is too long"))
    for area in parsed.areas:
        if len(area.title.strip()) > title_limit:
            raise PlanImportError(_where(area.line, _("the work area's title is too long")))
    for activity in parsed.activities:
        line = activity.line
        key = activity.key.strip()
        if not key:
            raise PlanImportError(_where(line, _("an activity has no key")))
        if key in seen:
            raise PlanImportError(
                _where(line, _("activity key %(key)s is used twice") % {"key": key})
            )
        seen[key] = line
        if activity.period not in periods:
            raise PlanImportError(
                _where(line, _("unknown period %(period)s") % {"period": activity.period})
            )
        if activity.starts and activity.due and activity.due < activity.starts:
            raise PlanImportError(
                _where(line, _("activity %(code)s ends before it starts") % {"code": key})
            )
        for field, limit in limits.items():
            if len(getattr(activity, field).strip()) > limit:
                raise PlanImportError(
                    _where(
                        line,
                        _("the %(field)s of activity %(key)s is longer than %(limit)d characters")
                        % {"field": field, "key": key, "limit": limit},
                    )
                )
        for contribution in activity.contributions:
            problem = contribution_problem(contribution)
            if problem:
                raise PlanImportError(
                    _where(
                        line,
                        _("a contribution to activity %(key)s: %(problem)s")
                        % {"key": key, "problem": problem},
                    )
                )
        sources = [c.source for c in activity.contributions]
        for name in [*activity.leads, *activity.resources, *sources]:
            if len(name.strip()) > name_limit:
                raise PlanImportError(
                    _where(
                        line,
                        _("a name is longer than %(limit)d characters") % {"limit": name_limit},
                    )
                )


def contribution_problem(contribution: planfile.Contribution) -> str:
    """What the database or the model's rules would refuse in a contribution
    of a plan document, said plainly; "" when there is nothing."""
    row = Contribution(
        kind=contribution.kind,
        stage=contribution.stage,
        amount=contribution.amount,
        currency=contribution.currency,
        hours=contribution.hours,
        period_start=contribution.starts,
        period_end=contribution.ends,
        note=contribution.note.strip(),
    )
    try:
        # The checks repeat clean()'s, in its plainer words.
        row.full_clean(exclude=["activity", "source"], validate_constraints=False)
    except ValidationError as error:
        return " ".join(
            str(message) for messages in error.message_dict.values() for message in messages
        )
    if not contribution.source.strip():
        return str(_("it names no funding source"))
    return ""


def _where(line: int | None, message: str) -> str:
    return _("line %(line)s: %(message)s") % {"line": line, "message": message} if line else message
