"""The forms of the import page: the document, the reader's hints, and what
to store (year, state, the approving meeting)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planea.core.text import ControlCharacterMixin
from planea.plans.models import Network, Plan, PlanStatus

from . import statutes
from .forms import MeetingChoiceField
from .intake import LAYOUTS, Hints
from .models import Meeting

# How the reader's field names read on the page.
FIELD_LABELS = {
    "title": _("Activity (title)"),
    "code": _("Code"),
    "leads": _("Leads"),
    "due": _("Due"),
    "starts": _("Starts"),
    "product": _("Product"),
    "resources": _("Funding"),
    "area": _("Work area"),
    "details": _("Details"),
}
LAYOUT_LABELS = {
    "coded": _("coded lines (1.1.i- Title)"),
    "outline": _("outline (headings, bold lines, lists)"),
    "table": _("table (one row per activity)"),
}


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("Plan document"),
        help_text=_(
            "Text, Markdown, web page, Word (.docx), OpenDocument (.odt, .ods), PDF, "
            "Excel (.xlsx), CSV or Planea's JSON plan format."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "import_%s")
        super().__init__(*args, **kwargs)


class HintsForm(forms.Form):
    """The reader's hints, offered from the document's own levels and headers."""

    layout = forms.ChoiceField(label=_("Layout"), required=False)
    activity_level = forms.ChoiceField(label=_("Activities are"), required=False)

    def __init__(self, data, *, choices: dict, **kwargs) -> None:
        kwargs.setdefault("auto_id", "hint_%s")
        super().__init__(data, **kwargs)
        automatic = ("", _("as the reader chooses"))
        self.fields["layout"].choices = [automatic, *((k, LAYOUT_LABELS[k]) for k in LAYOUTS)]
        self.fields["activity_level"].choices = [
            automatic,
            *(
                (value, _("%(level)s (%(count)s)") % {"level": description, "count": count})
                for value, description, count in choices.get("levels", [])
            ),
        ]
        self.headers = list(choices.get("headers", []))
        fields = [f for f in choices.get("fields", []) if f in FIELD_LABELS]
        for index, header in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                required=False,
                choices=[automatic, *((f, FIELD_LABELS[f]) for f in fields)],
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def clean(self):
        data = super().clean()
        given: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            name = data.get(f"column_{index}")
            if not name:
                continue
            if name in given:
                self.add_error(
                    f"column_{index}",
                    _("“%(field)s” is already the column “%(header)s”.")
                    % {"field": FIELD_LABELS[name], "header": given[name]},
                )
            else:
                given[name] = header
        data["columns"] = given
        return data

    def hints(self) -> Hints:
        """The hints given, or none when the form is not valid."""
        if not self.is_valid():
            return Hints()
        data = self.cleaned_data
        return Hints(
            layout=data.get("layout") or None,
            activity_level=data.get("activity_level") or None,
            columns=data.get("columns", {}),
        )

    def given(self) -> list[tuple[str, str]]:
        """The hints as (name, value) pairs, for the confirmation's hidden fields."""
        if not self.is_valid():
            return []
        return [
            (name, value)
            for name, value in self.cleaned_data.items()
            if name != "columns" and value
        ]


class ConfirmForm(ControlCharacterMixin, forms.Form):
    """What to store: the year, and a draft or a plan the Assembly adopted."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    status = forms.ChoiceField(label=_("Initial state"), widget=forms.RadioSelect)
    meeting = MeetingChoiceField(
        label=_("Approved at"),
        required=False,
        help_text=_("The Assembly meeting that approved the plan; its date is the approval's."),
    )
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision as the minutes record it."),
    )

    def __init__(self, *args, network: Network, meetings, may_approve: bool, **kwargs) -> None:
        kwargs.setdefault("auto_id", "confirm_%s")
        super().__init__(*args, **kwargs)
        self.network = network
        statuses = [(PlanStatus.DRAFT.value, _("Draft: the Committee's proposal, not public"))]
        if may_approve:
            statuses.append(
                (PlanStatus.APPROVED.value, _("Approved by the Assembly: public from now on"))
            )
        self.fields["status"].choices = statuses
        self.fields["status"].initial = PlanStatus.DRAFT.value
        # The meetings of the body that approves plans; the year's window is
        # checked once the year is known (`clean`).
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, MeetingChoiceField)
        meeting_field.offer(
            meetings,
            others=Meeting.objects.of_network(network),
            refusal=lambda m: statutes.plan_refusal(Plan(network=network, year=m.date.year), m),
        )
        if not may_approve:
            del self.fields["meeting"]
            del self.fields["decision"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if Plan.objects.filter(network=self.network, year=year).exists():
            raise ValidationError(
                _("%(network)s already has a plan for %(year)s: choose another year, or amend it.")
                % {"network": self.network.acronym, "year": year}
            )
        return year

    def clean(self):
        data = super().clean()
        if data.get("status") == PlanStatus.APPROVED and not data.get("meeting"):
            self.add_error(
                "meeting", _("An approved plan needs the Assembly meeting that approved it.")
            )
        elif data.get("status") == PlanStatus.APPROVED and data.get("year"):
            plan = Plan(network=self.network, year=data["year"])
            reason = statutes.plan_refusal(plan, data["meeting"])
            if reason:
                self.add_error("meeting", reason)
        return data
