"""The plan editor's forms: a work area, and an activity with its products
(and their targets), leads and funding.

Each form carries the fingerprint of what it showed (`version`), so that a
change made on a stale page is refused as a conflict. Rows for products,
leads and funding are Django formsets: one blank row more than there are,
and a "Remove" box on each, so that nothing needs JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from planea import planfile
from planea.core.forms import DateInput
from planea.core.text import ControlCharacterMixin
from planea.plans.contribution_forms import document_formset
from planea.plans.editing import ActivityFields, ProductFields
from planea.plans.models import (
    Activity,
    Area,
    FundingKind,
    FundingSource,
    Organisation,
    OrganisationKind,
    Period,
    Plan,
    Product,
)

# The largest count the database holds (PostgreSQL's integer), as an import allows.
MAX_QUANTITY = 2**31 - 1
MAX_AREA_NUMBER = 32767

RECURRENCES = (
    ("", _("once (no recurrence)")),
    ("P1W", _("weekly")),
    ("P2W", _("every two weeks")),
    ("P1M", _("monthly")),
    ("P2M", _("every two months")),
    ("P3M", _("every three months")),
    ("P4M", _("every four months")),
    ("P6M", _("every six months")),
    ("P1Y", _("yearly")),
)


class VersionMixin(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class AreaForm(ControlCharacterMixin, VersionMixin):
    number = forms.IntegerField(
        label=_("Number"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AREA_NUMBER)],
    )
    title = forms.CharField(label=_("Title"), max_length=Area._meta.get_field("title").max_length)
    objective = forms.CharField(
        label=_("Objective"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the area's note says for all its activities (funding, leads…)."),
    )

    @classmethod
    def initial_for(cls, area: planfile.Area, version: str) -> dict:
        return {
            "number": area.number,
            "title": area.title,
            "objective": area.objective or "",
            "notes": area.notes,
            "version": version,
        }


class ActivityForm(ControlCharacterMixin, VersionMixin):
    area = forms.TypedChoiceField(label=_("Work area"), coerce=int)
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=Activity._meta.get_field("code").max_length,
        help_text=_("As the plan numbers it, e.g. 1.2.iii."),
    )
    key = forms.CharField(
        label=_("Key"),
        required=False,
        max_length=Activity._meta.get_field("key").max_length,
        help_text=_(
            "What identifies the activity in the plan, unique; the code if left blank. "
            "It cannot be changed later."
        ),
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=Activity._meta.get_field("location").max_length,
    )
    starts = forms.DateField(label=_("Starts"), required=False, widget=DateInput)
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput)

    def __init__(self, *args, areas: list[planfile.Area], new: bool, **kwargs) -> None:
        kwargs.setdefault("auto_id", "activity_%s")
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            (index, f"{area.number}. {area.title}") for index, area in enumerate(areas)
        ]
        if not new:
            del self.fields["key"]

    def clean(self) -> dict:
        data = super().clean()
        starts, due = data.get("starts"), data.get("due")
        if starts and due and due < starts:
            self.add_error("due", _("The due date is before the start date."))
        blank_key = not (data.get("key") or "").strip() and not (data.get("code") or "").strip()
        if "key" in self.fields and blank_key:
            self.add_error("key", _("Give the activity a key, or a code to use as its key."))
        return data


class ProductForm(ControlCharacterMixin, forms.Form):
    description = forms.CharField(
        label=_("Product"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    quantity = forms.IntegerField(
        label=_("Target quantity"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=Product._meta.get_field("target_unit").max_length,
    )
    recurrence = forms.ChoiceField(label=_("Recurrence"), required=False, choices=RECURRENCES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A duration the plan gave that the list does not name is kept.
        given = (self.initial or {}).get("recurrence") or self.data.get(
            self.add_prefix("recurrence")
        )
        field = self.fields["recurrence"]
        if given and given not in dict(field.choices) and str(given).startswith("P"):
            field.choices = [*field.choices, (given, given)]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("DELETE"):
            return data
        has_target = data.get("quantity") is not None
        if (data.get("unit") or data.get("recurrence")) and not has_target:
            self.add_error("quantity", _("A unit or a recurrence needs a target quantity."))
        if has_target and not (data.get("description") or "").strip():
            self.add_error("description", _("Say which product the target counts."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("DELETE") or not (data.get("description") or "").strip()


class LeadForm(ControlCharacterMixin, forms.Form):
    organisation = forms.ChoiceField(label=_("Lead"), required=False)
    new_name = forms.CharField(
        label=_("Or a new organisation"),
        required=False,
        max_length=Organisation._meta.get_field("name").max_length,
    )
    new_kind = forms.ChoiceField(
        label=_("Its kind"), required=False, choices=[("", "—"), *OrganisationKind.choices]
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + [
            (org.name, f"{org.name} ({org.get_kind_display()})") for org in organisations
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("DELETE"):
            return data
        if data.get("organisation") and (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Choose an organisation or name a new one, not both."))
        elif (data.get("new_name") or "").strip() and not data.get("new_kind"):
            self.add_error("new_kind", _("Say what kind of organisation it is."))
        return data


class FundingForm(ControlCharacterMixin, forms.Form):
    source = forms.ChoiceField(label=_("Funding"), required=False)
    new_name = forms.CharField(
        label=_("Or a new funding source"),
        required=False,
        max_length=FundingSource._meta.get_field("name").max_length,
    )
    new_kind = forms.ChoiceField(
        label=_("Its kind"), required=False, choices=[("", "—"), *FundingKind.choices]
    )

    def __init__(self, *args, sources: list[FundingSource], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—")] + [
            (source.name, source.name) for source in sources
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("DELETE"):
            return data
        if data.get("source") and (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Choose a funding source or name a new one, not both."))
        elif (data.get("new_name") or "").strip() and not data.get("new_kind"):
            self.add_error("new_kind", _("Say what kind of funding it is."))
        return data


ProductFormSet = forms.formset_factory(ProductForm, extra=1, can_delete=True, max_num=50)
LeadFormSet = forms.formset_factory(LeadForm, extra=1, can_delete=True, max_num=30)
FundingFormSet = forms.formset_factory(FundingForm, extra=1, can_delete=True, max_num=30)


class ActivityEditor:
    """The activity form and its four sets of rows (products, leads, funding,
    contributions), checked and read together."""

    def __init__(
        self,
        plan: Plan,
        document: planfile.Plan,
        data=None,
        *,
        activity: planfile.Activity | None = None,
        area: int = 0,
        version: str = "",
    ) -> None:
        self.new = activity is None
        organisations = list(Organisation.objects.filter(network_id=plan.network_id))
        sources = list(FundingSource.objects.filter(network_id=plan.network_id))
        initial, products, leads, funding = _initial(document, activity, area, version)
        self.form = ActivityForm(data, initial=initial, areas=document.areas, new=self.new)
        self.products = ProductFormSet(data, initial=products, prefix="products")
        self.leads = LeadFormSet(
            data, initial=leads, prefix="leads", form_kwargs={"organisations": organisations}
        )
        self.funding = FundingFormSet(
            data, initial=funding, prefix="funding", form_kwargs={"sources": sources}
        )
        self.contributions = document_formset(activity, data)
        self.source_names = sorted(source.name for source in sources)
        # Names the document uses that no row holds yet (an amendment's new
        # lead, not yet approved) stay choosable.
        for formset, field, names in (
            (self.leads, "organisation", [lead["organisation"] for lead in leads]),
            (self.funding, "source", [row["source"] for row in funding]),
        ):
            for form in formset.forms:
                known = dict(form.fields[field].choices)
                form.fields[field].choices += [(n, n) for n in names if n not in known]

    def is_valid(self) -> bool:
        return all(
            [
                self.form.is_valid(),
                self.products.is_valid(),
                self.leads.is_valid(),
                self.funding.is_valid(),
                self.contributions.is_valid(),
            ]
        )

    @property
    def version(self) -> str | None:
        return self.form.cleaned_data.get("version") or None

    def new_organisations(self) -> list[tuple[str, str]]:
        return [
            (form.cleaned_data["new_name"].strip(), form.cleaned_data["new_kind"])
            for form in self.leads.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("new_name") or "").strip()
        ]

    def new_funding_sources(self) -> list[tuple[str, str]]:
        return [
            (form.cleaned_data["new_name"].strip(), form.cleaned_data["new_kind"])
            for form in self.funding.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("new_name") or "").strip()
        ]

    def fields(self) -> ActivityFields:
        data = self.form.cleaned_data
        products = [
            ProductFields(
                description=form.cleaned_data["description"].strip(),
                quantity=form.cleaned_data.get("quantity"),
                unit=(form.cleaned_data.get("unit") or "").strip(),
                recurrence=form.cleaned_data.get("recurrence") or "",
            )
            for form in self.products.forms
            if form.cleaned_data and not form.is_blank
        ]
        return ActivityFields(
            area=data["area"],
            code=data["code"].strip(),
            key=(data.get("key") or "").strip(),
            period=data["period"],
            title=data["title"].strip(),
            details=data["details"].strip(),
            location=data["location"].strip(),
            starts=data.get("starts"),
            due=data.get("due"),
            products=products,
            leads=_names(self.leads.forms, "organisation"),
            funding=_names(self.funding.forms, "source"),
            contributions=self.contributions.contributions(),
        )

    def add_error(self, field: str | None, message: str) -> None:
        if field is not None and field not in self.form.fields:
            field = None
        self.form.add_error(field, message)

    def posted(self) -> dict[str, Any]:
        """What the page posts when sent back unchanged: the activity, each
        row shown (no blank row) and the rows' counts. The API makes its
        changes on this, so that they are checked by these same forms."""
        data = _shown(self.form)
        for rows in (self.products, self.leads, self.funding, self.contributions):
            count = rows.initial_form_count()
            data[rows.add_prefix(TOTAL_FORM_COUNT)] = count
            data[rows.add_prefix(INITIAL_FORM_COUNT)] = count
            for form in rows.forms[:count]:
                data.update(_shown(form))
        return data

    def messages(self) -> list[tuple[str, str]]:
        """Every error, with where it is: `title`, `products.0.quantity`,
        `leads` ("" for the activity as a whole)."""
        found = [(_where(name), str(m)) for name, ms in self.form.errors.items() for m in ms]
        for rows in (self.products, self.leads, self.funding, self.contributions):
            found += [(rows.prefix, str(message)) for message in rows.non_form_errors()]
            for index, form in enumerate(rows.forms):
                for name, errors in form.errors.items():
                    where = rows.prefix + f".{index}" + (f".{name}" if name != NON_FIELD else "")
                    found += [(where, str(message)) for message in errors]
        return found


NON_FIELD = "__all__"


def _where(name: str) -> str:
    return "" if name == NON_FIELD else name


def _shown(form: forms.Form) -> dict[str, Any]:
    """A form's values as its page shows them, under the names it posts."""
    return {form.add_prefix(name): form[name].value() for name in form.fields}


def _names(forms_: list[forms.Form], field: str) -> list[str]:
    names: list[str] = []
    for form in forms_:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        name = (data.get(field) or data.get("new_name") or "").strip()
        if name and name not in names:
            names.append(name)
    return names


def _initial(
    document: planfile.Plan, activity: planfile.Activity | None, area: int, version: str
) -> tuple[dict, list[dict], list[dict], list[dict]]:
    if activity is None:
        return {"area": area, "period": Period.ANNUAL, "version": ""}, [], [], []
    index = next(
        i for i, candidate in enumerate(document.areas) if activity in candidate.activities
    )
    products = [
        {"description": description, "quantity": None, "unit": "", "recurrence": ""}
        for description in activity.products
    ]
    for target in activity.targets:
        position = target.product if target.product is not None else 0
        if not 0 <= position < len(products) or products[position]["quantity"] is not None:
            products.append({"description": target.unit or str(target.quantity)})
            position = len(products) - 1
        products[position].update(
            quantity=target.quantity, unit=target.unit, recurrence=target.recurrence or ""
        )
    initial = {
        "area": index,
        "code": activity.code,
        "period": activity.period,
        "title": activity.title,
        "details": activity.details,
        "location": activity.location,
        "starts": activity.starts,
        "due": activity.due,
        "version": version,
    }
    leads = [{"organisation": name} for name in activity.leads]
    funding = [{"source": name} for name in activity.resources]
    return initial, products, leads, funding


class ProposeForm(ControlCharacterMixin, forms.Form):
    note = forms.CharField(
        label=_("What the amendment does, and why"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
