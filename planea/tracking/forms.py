"""The forms of the activity page (a progress report, a piece of evidence) and
the admin's activity form, which refuses an edit made on a stale version."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from planea.core import clock, uploads
from planea.core.forms import DateInput, WebURLField
from planea.core.text import ControlCharacterMixin
from planea.plans.models import Activity, ActivityStatus, Product

from .models import ProgressUpdate, Shortfall

NOTE_MAX_LENGTH = 5000


def _not_in_the_future(value):
    if value and value > clock.today():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class ProgressForm(ControlCharacterMixin, forms.Form):
    """A lead's report: where the activity stands, a note, the date. The
    version it was written against travels in a hidden field."""

    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, what is next, what is in the way."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[_not_in_the_future])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Asked for once "done" is refused for products short of their target.
    confirm_short = forms.BooleanField(
        label=_("Mark it done all the same: some products are short of their target"),
        required=False,
    )

    def short_of_target(self, shortfalls: Sequence[Shortfall]) -> bool:
        """Refuse "done" while some product is short of its target, unless
        the box says so knowingly; True when the report may be recorded."""
        if self.cleaned_data["status"] != ActivityStatus.DONE or not shortfalls:
            return True
        if self.cleaned_data.get("confirm_short"):
            return True
        listed = "; ".join(
            _("%(product)s: %(delivered)s of %(target)s")
            % {
                "product": s.product.description,
                "delivered": formats.number_format(s.delivered),
                "target": formats.number_format(s.target),
            }
            for s in shortfalls
        )
        self.add_error(
            "confirm_short",
            _(
                "Some products are short of their target (%(products)s). Tick the box to "
                "mark the activity done all the same, or add the evidence first."
            )
            % {"products": listed},
        )
        return False

    @classmethod
    def for_activity(cls, activity: Activity) -> ProgressForm:
        return cls(
            initial={
                "status": activity.status,
                "date": clock.today(),
                "version": activity.version,
            },
            auto_id="progress_%s",
        )

    def with_version(self, version: int) -> ProgressForm:
        """The same input, to be submitted again against `version`."""
        data = self.data.copy()
        data["version"] = str(version)
        return type(self)(data, auto_id=self.auto_id)


class CorrectionForm(ProgressForm):
    """A report corrected by its author: the same fields, filled with it."""

    @classmethod
    def for_update(cls, update: ProgressUpdate) -> CorrectionForm:
        return cls(
            initial={
                "status": update.status,
                "note": update.note,
                "date": update.date,
                "version": update.activity.version,
                "confirm_short": update.short_of_target_confirmed,
            },
            auto_id="correct_%s",
        )


class WithdrawalForm(ControlCharacterMixin, forms.Form):
    """Why a report is withdrawn; the activity's version, as read."""

    reason = forms.CharField(
        label=_("Reason for withdrawing it"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the report, which stays listed as withdrawn."),
        error_messages={"required": _("Say why the report is withdrawn.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class Visibility:
    PUBLIC = "public"
    MEMBERS = "members"
    CHOICES = [
        (PUBLIC, _("Public: everyone can see it")),
        (MEMBERS, _("Members only: people with an account in the network")),
    ]


class EvidenceForm(ControlCharacterMixin, forms.Form):
    """A piece of evidence for one of the activity's products: a file, or a link."""

    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[_not_in_the_future])
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("%(kinds)s; up to %(size)s."),
    )
    url = WebURLField(label=_("or a link"), required=False, max_length=1000)
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.CHOICES,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, products: Sequence[Product], **kwargs) -> None:
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        self.products = {product.pk: product for product in products}
        self.fields["product"].choices = [(p.pk, p.description) for p in products]
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "kinds": uploads.allowed_kinds(),
            "size": filesizeformat(uploads.max_bytes()),
        }
        if not self.is_bound:
            self.initial.setdefault("date", clock.today())
            if len(products) == 1:
                self.initial.setdefault("product", products[0].pk)
        self.checked: uploads.CheckedFile | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = uploads.check_upload(upload, upload.name, upload.size)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or "file" in self.errors
        has_url = bool(cleaned.get("url")) or "url" in self.errors
        if has_file and has_url:
            raise ValidationError(
                _("Give a file or a link, not both: each piece of evidence is one or the other."),
                code="both",
            )
        if not has_file and not has_url:
            raise ValidationError(_("Give a file to upload, or a link."), code="neither")
        return cleaned

    @property
    def chosen_product(self) -> Product:
        return self.products[self.cleaned_data["product"]]

    @property
    def is_public(self) -> bool:
        return self.cleaned_data["visibility"] == Visibility.PUBLIC
