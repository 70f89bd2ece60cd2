"""The governance parts of pages other apps render: the plan's life cycle on
its page, where an activity comes from on its page, and the network's bodies
and terms on its page. Each costs a fixed, small number of queries."""

from __future__ import annotations

from django import template
from django.urls import reverse

from planea.accounts.policy import Action, can
from planea.plans.models import Activity, Period, Plan

from ..lifecycle import pending_amendment
from ..models import Meeting, PlanTransition, working_groups
from ..review import DraftReview, Flag
from ..review import draft_review as review_of
from ..roles import terms
from ..statutes import Rules, rules_for

register = template.Library()


@register.inclusion_tag("governance/_translations_link.html", takes_context=True)
def translations_link(context, plan: Plan) -> dict:
    """The way to the plan's translations, for who may read them: no query
    beyond the reader's roles, read once per request."""
    return {
        "plan": plan,
        "network": plan.network,
        "may": can(context.get("user"), Action.VIEW_TRANSLATIONS, plan),
    }


@register.inclusion_tag("governance/_lifecycle.html", takes_context=True)
def plan_lifecycle(context, plan: Plan) -> dict:
    """Who moved the plan, when and where, and the steps the reader may
    take. One query for a visitor; a few more for the Secretariat."""
    user = context.get("user")
    transitions = list(
        PlanTransition.objects.filter(plan=plan)
        .select_related("meeting", "version")
        .order_by("effective_on", "created", "pk")
    )
    may = {
        "propose": can(user, Action.PROPOSE_PLAN, plan),
        "approve": can(user, Action.APPROVE_PLAN, plan),
        "start": can(user, Action.START_PLAN, plan),
        "close": can(user, Action.CLOSE_PLAN, plan),
        "amend": can(user, Action.PROPOSE_AMENDMENT, plan),
        "rollover": can(user, Action.ROLLOVER_PLAN, plan),
    }
    next_plan = None
    if may["rollover"]:
        next_plan = Plan.objects.filter(network_id=plan.network_id, year=plan.year + 1).first()
        may["rollover"] = next_plan is None
    pending = None
    if can(user, Action.VIEW_AMENDMENT_PROPOSALS, plan):
        pending = pending_amendment(plan)
    return {
        "plan": plan,
        "network": plan.network,
        "transitions": transitions,
        "may": may,
        "any_step": any(may.values()),
        "next_plan": next_plan,
        "pending": pending,
        "csrf_token": context.get("csrf_token"),
        "previous_year": plan.year - 1,
    }


@register.simple_tag
def draft_review(plan: Plan) -> DraftReview | None:
    """What a draft carried over from last year still says of last year, to
    review (`{% draft_review plan as review %}`); None once adopted."""
    return review_of(plan)


@register.filter
def flags_of(review: DraftReview | None, key: str) -> list[Flag]:
    """The review's flags on the activity `key`: `review|flags_of:activity.key`."""
    if not review:
        return []
    return review.by_key.get(key, [])


@register.inclusion_tag("governance/_lineage.html", takes_context=True)
def activity_lineage(context, activity: Activity) -> dict:
    """The year before's activity this one continues, and next year's that
    continue it. One query, two when it was carried over."""
    origin = None
    if activity.carried_from_id:
        origin = (
            Activity.objects.select_related("plan__network")
            .filter(pk=activity.carried_from_id)
            .first()
        )
        if origin is not None and not can(context.get("user"), Action.VIEW_PLAN, origin.plan):
            origin = None
    user = context.get("user")
    continued = [
        a
        for a in Activity.objects.filter(carried_from=activity).select_related("plan__network")
        if can(user, Action.VIEW_PLAN, a.plan)
    ]
    return {"activity": activity, "origin": origin, "continued": continued}


def _statutes_url(rules: Rules, network) -> str:
    """Where the Secretariat records the network's statutes, in the admin."""
    if rules.record_id is not None:
        return reverse("admin:governance_statutes_change", args=[rules.record_id])
    return reverse("admin:governance_statutes_add") + f"?network={network.pk}"


@register.inclusion_tag("governance/_network.html", takes_context=True)
def network_governance(context, network) -> dict:
    """Working groups and their coordinating countries, who presides and
    who hosts the Assembly year by year, the Assembly's meetings, and the
    statutes' rules for adopting plans and amendments."""
    rules = rules_for(network)
    may_edit = can(context.get("user"), Action.MANAGE_NETWORK, network)
    return {
        "network": network,
        "rules": rules,
        "statutes_url": _statutes_url(rules, network) if may_edit else "",
        "groups": working_groups(network),
        "terms": terms(network.pk),
        "assemblies": list(
            Meeting.objects.of_network(network)
            .assemblies()
            .select_related("host_country", "organisation")
            .order_by("-date")[:10]
        ),
    }


@register.filter
def period_label(code: str) -> str:
    """ "S1" → "First half", in the active language; unknown codes as they are."""
    try:
        return str(Period(code).label)
    except ValueError:
        return code
