"""`{% shown activity "title" %}`: a plan's text in the reader's language.

The view puts a `PlanTexts` in the context as `plan_texts`
(`PlanTexts.load(plan, get_language())`); the tag shows the translation, or
the original with a visible note of its language when there is none, so a
reader knows the text was not translated rather than mistranslated.
"""

from __future__ import annotations

from dataclasses import replace

from django import template
from django.db import models
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from planea.plans.translations import PlanTexts, Shown, language_code

register = template.Library()


def _shown(context: template.Context, obj: models.Model, field: str) -> Shown:
    texts = context.get("plan_texts")
    if isinstance(texts, PlanTexts):
        return texts.get(obj, field)
    return Shown(getattr(obj, field) or "", "")


# Whole sentences, not a name inserted into one: languages write their
# names in lower or upper case, and some need an article.
NOTES = {
    "es": gettext_lazy("(original in Spanish)"),
    "pt": gettext_lazy("(original in Portuguese)"),
    "en": gettext_lazy("(original in English)"),
    "fr": gettext_lazy("(original in French)"),
}


def note(shown: Shown) -> str:
    """ "(original in Spanish)", in the reader's language."""
    found = NOTES.get(shown.language)
    if found is not None:
        return str(found)
    return _("(original in %(language)s)") % {"language": shown.language}


def marked(shown: Shown) -> SafeString:
    """The text, escaped; an untranslated original wrapped in its language
    with a visible note."""
    if not shown.is_original:
        return format_html("{}", shown.text)
    return format_html(
        '<span lang="{}" class="original-text">{}</span> <small class="original-note">{}</small>',
        shown.language,
        shown.text,
        note(shown),
    )


@register.simple_tag(takes_context=True)
def shown(context: template.Context, obj: models.Model, field: str, words: int = 0) -> SafeString:
    """`obj.field` in the reader's language, the original marked as such;
    cut to `words` words if given (as `truncatewords`)."""
    found = _shown(context, obj, field)
    if words:
        found = replace(found, text=Truncator(found.text).words(words, truncate=" …"))
    return marked(found)


@register.filter(name="marked")
def marked_filter(found: Shown | str) -> SafeString:
    """A `Shown` a view prepared (a list spanning several plans), marked."""
    return marked(found) if isinstance(found, Shown) else format_html("{}", found)


@register.simple_tag(takes_context=True)
def shown_paragraphs(context: template.Context, obj: models.Model, field: str) -> SafeString:
    """A long text (a plan's background) in paragraphs, as `linebreaks` makes
    them; an untranslated original in a block of its language, the note after."""
    shown = _shown(context, obj, field)
    paragraphs = linebreaks_filter(shown.text, autoescape=True)
    if not shown.is_original:
        return paragraphs
    return format_html(
        '<div lang="{}" class="original-text">{}</div>'
        '<p class="original-note"><small>{}</small></p>',
        shown.language,
        paragraphs,
        note(shown),
    )


@register.simple_tag(takes_context=True)
def shown_text(context: template.Context, obj: models.Model, field: str) -> str:
    """`obj.field` in the reader's language as plain text, for attributes and
    the page's title, where no note can go (autoescaped by the template)."""
    return _shown(context, obj, field).text


@register.simple_tag
def in_language(text: str, language: str) -> SafeString:
    """A text read as plain data (the dashboard's) that is in `language`:
    marked as an original when that is not the reader's language."""
    reader = language_code(get_language())
    return marked(Shown(text, language, is_original=bool(text and language and language != reader)))
