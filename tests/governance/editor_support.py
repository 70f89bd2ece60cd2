"""What the plan editor's tests share: a form's data as its page would post
it back untouched, and the fingerprints the editor's forms carry."""

from __future__ import annotations

from planea.governance import editor
from planea.plans import editing
from planea.plans.models import Plan


def editor_form_data(response) -> dict:
    """What the activity editor's page posts back untouched."""
    page = response.context["editor"]
    data: dict = {}
    for form in (page.form, *page.products, *page.leads, *page.funding, *page.contributions):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for formset in (page.products, page.leads, page.funding, page.contributions):
        management = formset.management_form
        for name in management.fields:
            value = management[name].value()
            if value is not None:
                data[management.add_prefix(name)] = value
    return data


def activity_version(plan: Plan, user, key: str) -> str:
    document = editor.current(plan, user).document
    return editing.fingerprint(editing.find_activity(document, key)[1])


def area_version(plan: Plan, user, index: int) -> str:
    return editing.fingerprint(editor.current(plan, user).document.areas[index])
