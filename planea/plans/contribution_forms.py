"""The contributions form: one row per contribution (source, kind, planned or
spent, amount and currency or hours, period, note), rows added and removed in
one submission. The activity page sends it against the activity's version;
the draft editor, with the rest of the activity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planea import planfile
from planea.core.forms import DateInput
from planea.core.text import ControlCharacterMixin
from planea.planfile.amounts import parse_amount

from .contributions import ContributionRow
from .models import (
    Activity,
    Contribution,
    ContributionKind,
    ContributionStage,
    FundingSource,
)


class LocalisedNumberField(forms.DecimalField):
    """A decimal typed the way the plans' languages write them: '15.000,50'
    and '15,000.50' are both fifteen thousand and a half (the digit groups
    decide, as when reading a plan), whatever the page's language."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str) and value.strip():
            number = parse_amount(value)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(number)
        return super().to_python(value)


class ContributionForm(ControlCharacterMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(
        label=_("Funding source"),
        max_length=300,
        help_text=_("One of the network's sources, or a new one."),
    )
    # Initial values as a browser sends them for a blank row: a row left
    # blank has not changed, and is not read.
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ContributionKind.choices, initial=ContributionKind.CASH
    )
    stage = forms.ChoiceField(
        label=_("Planned or spent"),
        choices=ContributionStage.choices,
        initial=ContributionStage.PLANNED,
    )
    amount = LocalisedNumberField(
        label=_("Amount"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
    )
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("ISO 4217 code: USD, EUR, BRL…"),
    )
    hours = LocalisedNumberField(
        label=_("Hours"),
        required=False,
        max_digits=9,
        decimal_places=1,
        min_value=0,
        localize=True,
        help_text=_("For in-kind work."),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    # Not "Note": the progress form beside it has one.
    note = forms.CharField(label=_("Remarks"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        row = Contribution(**{name: data.get(name) for name in Contribution.VALUE_FIELDS})
        row.note = row.note or ""
        row.currency = row.currency or ""
        try:
            row.clean()
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        data["currency"] = row.currency
        return data

    def row(self) -> ContributionRow:
        data = self.cleaned_data
        values = {name: data[name] for name in Contribution.VALUE_FIELDS}
        return ContributionRow(source=data["source"], pk=data["id"], **values)

    def contribution(self) -> planfile.Contribution:
        """The row as the plan form has it, for the draft editor."""
        data = self.cleaned_data
        return planfile.Contribution(
            source=" ".join(data["source"].split()),
            kind=data["kind"],
            stage=data["stage"],
            amount=data["amount"],
            currency=data["currency"],
            hours=data["hours"],
            starts=data["period_start"],
            ends=data["period_end"],
            note=(data["note"] or "").strip(),
        )


class BaseContributionFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, activity: Activity | None, **kwargs: Any) -> None:
        self.activity = activity
        super().__init__(*args, **kwargs)

    def kept(self) -> list[ContributionForm]:
        """The rows kept, in their order; blank extra rows and rows marked
        for removal left out."""
        initial = self.initial_form_count()
        return [
            form
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form) and (index < initial or form.has_changed())
        ]

    def rows(self) -> list[ContributionRow]:
        return [form.row() for form in self.kept()]

    def contributions(self) -> list[planfile.Contribution]:
        return [form.contribution() for form in self.kept()]


ContributionFormSet = forms.formset_factory(
    ContributionForm, formset=BaseContributionFormSet, extra=1, can_delete=True, max_num=100
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def document_formset(
    activity: planfile.Activity | None, data: Any = None
) -> BaseContributionFormSet:
    """The draft editor's rows: the contributions the plan form gives."""
    initial = [
        {
            "source": c.source,
            "kind": c.kind,
            "stage": c.stage,
            "amount": c.amount,
            "currency": c.currency,
            "hours": c.hours,
            "period_start": c.starts,
            "period_end": c.ends,
            "note": c.note,
        }
        for c in (activity.contributions if activity is not None else [])
    ]
    return ContributionFormSet(data, initial=initial, prefix="contributions", activity=None)


def contribution_formset(
    activity: Activity, data: Any = None, *, contributions: list[Contribution] | None = None
) -> BaseContributionFormSet:
    """The form for `activity`'s contributions: bound to `data`, or filled
    with `contributions` as they are."""
    if data is not None:
        return ContributionFormSet(data, prefix="contribution", activity=activity)
    initial = [
        {
            "id": c.pk,
            "source": c.source.name,
            "kind": c.kind,
            "stage": c.stage,
            "amount": c.amount,
            "currency": c.currency,
            "hours": c.hours,
            "period_start": c.period_start,
            "period_end": c.period_end,
            "note": c.note,
        }
        for c in (contributions or [])
    ]
    return ContributionFormSet(initial=initial, prefix="contribution", activity=activity)


def source_names(network_id: int) -> list[str]:
    """The network's funding sources, offered as the source's suggestions."""
    return list(
        FundingSource.objects.filter(network_id=network_id)
        .order_by("name")
        .values_list("name", flat=True)
    )
