"""`{% shown activity "title" %}`: a plan's text in the reader's language.

The view puts a `PlanTexts` in the context as `plan_texts`
(`PlanTexts.load(plan, get_language())`); the tag shows the translation, or
the original with a visible note of its language when there is none, so a
reader knows the text was not translated rather than mistranslated.
"""

from __future__ import annotations

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from planea.plans.translations import PlanTexts, Shown

register = template.Library()


def _shown(context: template.Context, obj: models.Model, field: str) -> Shown:
    texts = context.get("plan_texts")
    if isinstance(texts, PlanTexts):
        return texts.get(obj, field)
    return Shown(getattr(obj, field) or "", "")


def language_name(code: str) -> str:
    """The language's name in the reader's language ("espagnol")."""
    try:
        return str(get_language_info(code)["name_translated"]).lower()
    except KeyError:
        return code


def marked(shown: Shown) -> SafeString:
    """The text, escaped; an untranslated original wrapped in its language
    with a visible note."""
    if not shown.is_original:
        return format_html("{}", shown.text)
    note = _("(original in %(language)s)") % {"language": language_name(shown.language)}
    return format_html(
        '<span lang="{}" class="original-text">{}</span> <small class="original-note">{}</small>',
        shown.language,
        shown.text,
        note,
    )


@register.simple_tag(takes_context=True)
def shown(context: template.Context, obj: models.Model, field: str) -> SafeString:
    """`obj.field` in the reader's language, the original marked as such."""
    return marked(_shown(context, obj, field))


@register.simple_tag(takes_context=True)
def shown_text(context: template.Context, obj: models.Model, field: str) -> str:
    """`obj.field` in the reader's language as plain text, for attributes and
    the page's title, where no note can go (autoescaped by the template)."""
    return _shown(context, obj, field).text
