"""Template helpers of the annual report."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def plan_text(value: object, language: str) -> SafeString:
    """The plan's own text, marked with the plan's language when the page is
    in another one. The report repeats this hundreds of times, and every
    element costs WeasyPrint time, so none is added where none is needed."""
    if not language:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language, value)
