"""The plan page's filters (a GET form, so that every filtered view has a URL),
and the admin's activity form, which refuses an edit made on a stale version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from planea.core.text import ControlCharacterMixin

from .models import (
    Activity,
    ActivityQuerySet,
    ActivityStatus,
    Area,
    FundingSource,
    Organisation,
    Period,
)


class ActivityFilterForm(ControlCharacterMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    area = forms.TypedChoiceField(
        label=_("Work area"), required=False, coerce=int, empty_value=None
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    funding = forms.TypedChoiceField(
        label=_("Funding source"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(
        self,
        data: dict | None,
        *,
        areas: Sequence[Area],
        leads: Sequence[Organisation],
        funding_sources: Sequence[FundingSource],
        today: dt.date | None = None,
    ) -> None:
        super().__init__(data)
        self.today = today
        # The options are the plan's own, already loaded by the view, so the
        # form costs no queries of its own.
        self._leads = {org.slug: org for org in leads}
        self._funding = {source.pk: source for source in funding_sources}
        self.fields["area"].choices = [("", _("All areas"))] + [
            (area.number, f"{area.number}. {area.title}") for area in areas
        ]
        self.fields["period"].choices = [("", _("All periods")), *Period.choices]
        self.fields["lead"].choices = [("", _("Any lead"))] + [(o.slug, o.name) for o in leads]
        self.fields["funding"].choices = [("", _("Any funding source"))] + [
            (s.pk, s.name) for s in funding_sources
        ]
        self.fields["status"].choices = [("", _("Any status")), *ActivityStatus.choices]
        if today is None:
            del self.fields["overdue"]

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and any(self.cleaned_values().values())

    def cleaned_values(self) -> dict:
        if not self.is_bound:
            return {}
        if not self.is_valid():
            # Keep the filters that are valid; the page says which are not.
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return self.cleaned_data

    def apply(self, activities: ActivityQuerySet) -> ActivityQuerySet:
        """`activities` narrowed to what the form asks for."""
        values = self.cleaned_values()
        if values.get("q"):
            activities = activities.matching(values["q"])
        if values.get("area") is not None:
            # By number: a document that numbers two areas alike shows both.
            activities = activities.filter(area__number=values["area"])
        if values.get("period"):
            activities = activities.in_period(values["period"])
        if values.get("lead"):
            activities = activities.led_by(self._leads[values["lead"]])
        if values.get("funding") is not None:
            activities = activities.funded_by(self._funding[values["funding"]])
        if values.get("status"):
            activities = activities.filter(status=values["status"])
        if values.get("overdue") and self.today is not None:
            activities = activities.overdue(self.today)
        return activities


class ActivityAdminForm(forms.ModelForm):
    """The admin's activity form, carrying the version it was read at: saving
    it after someone else changed the activity (a progress report, another
    edit) is refused with a message, instead of overwriting their change."""

    # Not "version": the model's field of that name is not editable, and the
    # admin would refuse a form field named after it.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Activity
        # The admin passes the fields it shows; this is for any other use.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        seen = cleaned.get("seen_version")
        # The admin saves inside one transaction: the row stays locked from
        # here to the commit, so the version cannot move in between.
        row = Activity.objects.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            row = row.select_for_update()
        current = row.values_list("version", flat=True).first()
        if seen is None or current is None or seen != current:
            raise ValidationError(
                _(
                    "Someone changed this activity while you were editing it (it is now at "
                    "version %(current)s, you started from version %(seen)s). Nothing was "
                    "saved: open the activity again to see the latest data, then redo your "
                    "change."
                ),
                code="stale",
                params={"current": current, "seen": seen or "?"},
            )
        self.instance.version = current + 1
        return cleaned
