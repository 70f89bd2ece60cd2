"""The plan editor's links on the plan's and an activity's pages: "Edit"
on a draft, "Propose a change" on a plan already proposed or adopted, for
whoever the policy lets; nothing for anyone else. No query."""

from __future__ import annotations

from django import template

from planea.plans.models import Plan

from .. import editor

register = template.Library()


@register.inclusion_tag("plans/editor/_link.html", takes_context=True)
def editor_link(context, plan: Plan, key: str = "") -> dict:
    return {
        "plan": plan,
        "network": plan.network,
        "mode": editor.mode(context.get("user"), plan),
        "key": key,
    }
