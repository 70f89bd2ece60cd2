"""Form fields every app's forms share: a date picker that sends ISO dates,
and a web address Planea is willing to link to."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .links import validate_public_web_url


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WebURLField(forms.URLField):
    """A web address: http or https only, never javascript:, file: or ftp:,
    and to a public host (planea.core.links)."""

    default_validators = [URLValidator(schemes=["http", "https"]), validate_public_web_url]
    # The field's message replaces the validator's, whose code it shares.
    default_error_messages = {"invalid": _("Enter a web address (http:// or https://).")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
