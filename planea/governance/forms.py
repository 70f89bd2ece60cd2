"""The forms of the life cycle (a note, an approval at a meeting, an
amendment's document) and of meetings and their series."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from planea import planfile
from planea.accounts import policy
from planea.accounts.policy import Action
from planea.core import uploads
from planea.core.forms import DateInput, WebURLField
from planea.core.text import ControlCharacterMixin
from planea.planfile import organisation_key
from planea.planfile.bounded import read_bytes_bounded
from planea.plans.importer import clean_document
from planea.plans.models import Activity, Network, Organisation, Plan, PlanStatus, Product

from .models import MAX_OCCURRENCES, Meeting, MeetingSeries

NOTE_MAX_LENGTH = 5000


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class NoteForm(ControlCharacterMixin, forms.Form):
    """A step of the life cycle, with an optional note."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConfirmedStepForm(NoteForm):
    """A step that shows what it will do first (putting the plan into
    execution, closing it): taken only when the confirmation page says so."""

    confirm = forms.BooleanField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Nothing was changed: confirm the step on this page to take it.")
        },
    )


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.date:%Y-%m-%d} · {meeting.title}" + (
        f" ({meeting.place})" if meeting.place else ""
    )


class MeetingChoiceField(forms.ModelChoiceField):
    """Offers only the meetings that may approve (its queryset). Another
    meeting of the network, sent all the same, is refused with the reason
    the statutes give (`refusal(meeting)`), not as an unknown choice."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("queryset", Meeting.objects.none())
        super().__init__(*args, **kwargs)
        self.label_from_instance = meeting_label
        self.others = Meeting.objects.none()
        self.refusal: Callable[[Meeting], str | None] | None = None

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            other = self.others.filter(pk=value).first() if str(value).isdigit() else None
            reason = self.refusal(other) if other is not None and self.refusal else None
            if reason:
                raise ValidationError(reason, code="not_qualified") from None
            raise

    def offer(self, meetings, *, others, refusal: Callable[[Meeting], str | None]) -> None:
        """Offer `meetings`; refuse any other of `others` saying why."""
        self.queryset = meetings
        self.others = others
        self.refusal = refusal


class ApprovalForm(ControlCharacterMixin, forms.Form):
    """An approval, recorded against the meeting that decided it: only the
    meetings that may approve it under the network's statutes are offered."""

    meeting = MeetingChoiceField(label=_("Meeting"))
    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The decision as the minutes record it."),
    )

    def __init__(
        self,
        *args,
        meetings,
        others=None,
        refusal: Callable[[Meeting], str | None] | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("auto_id", "approval_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoiceField)
        field.offer(
            meetings,
            others=others if others is not None else Meeting.objects.none(),
            refusal=refusal or (lambda meeting: None),
        )


class AmendmentForm(ControlCharacterMixin, forms.Form):
    """An amendment: the whole plan as it would read, in any format Planea reads."""

    document = forms.FileField(
        label=_("Amended plan"),
        help_text=_("The whole plan as amended: text, Word, PDF or Planea's JSON plan format."),
    )
    note = forms.CharField(
        label=_("What the amendment does, and why"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    parsed: planfile.Plan | None = None

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "amendment_%s")
        super().__init__(*args, **kwargs)

    def clean_document(self):
        upload: UploadedFile = self.cleaned_data["document"]
        limit = settings.EVIDENCE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The document is too big: up to %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        data = upload.read()
        try:
            # In a child process bounded in time and memory: no document,
            # however crafted, holds this worker beyond that bound.
            self.parsed = clean_document(read_bytes_bounded(data, upload.name))
        except planfile.PlanParseError as exc:
            where = _(" (line %(line)s)") % {"line": exc.line} if exc.line else ""
            raise ValidationError(
                _("The document cannot be read as a plan%(where)s: %(reason)s")
                % {"where": where, "reason": exc.message}
            ) from None
        except (ValueError, UnicodeError, OSError):
            raise ValidationError(_("The document cannot be read as a plan.")) from None
        return upload


def _activity_label(activity: Activity) -> str:
    return f"{activity.plan.year} · {activity.code or activity.key} {activity.title[:80]}"


def _product_label(product: Product) -> str:
    activity = product.activity
    return f"{activity.plan.year} · {activity.code or activity.key} · {product.description[:80]}"


def _holders(network: Network, user) -> list[Organisation]:
    """The bodies and working groups whose meetings `user` may record."""
    bodies = Organisation.objects.filter(
        policy.meeting_holders(user, network.pk),
        kind__in=[Organisation.Kind.BODY, Organisation.Kind.WORKING_GROUP],
    )
    return list(bodies.order_by("name"))


def _evidence_activities(activities, user) -> list[int]:
    """Of `activities`, those whose products `user` may add evidence to --
    which is what counting minutes toward a product does: a coordinator,
    only for what their organisation leads (the policy decides, activity by
    activity); an activity with no lead, the Secretariat only."""
    reportable = (
        activities.filter(plan__status__in=PlanStatus.reportable())
        .select_related("plan")
        .for_listing()
    )
    return [a.pk for a in reportable if policy.can(user, Action.ADD_EVIDENCE, a)]


def may_record_meetings(network: Network, user) -> bool:
    """Whether `user` may record some meeting of `network` (the Secretariat,
    or a coordinator of one of its bodies or working groups)."""
    return bool(_holders(network, user))


def meeting_plans(network: Network, user) -> list[Plan]:
    """The plans of `network` whose activities a meeting recorded by `user`
    may serve: those `user` may read (never another's draft), newest first."""
    return list(Plan.objects.visible_to(user).filter(network=network).order_by("-year"))


def plan_of_meeting(meeting: Meeting, plans: list[Plan]) -> Plan | None:
    """The plan, of `plans`, whose activities `meeting` served or whose
    products its minutes count toward; else that of the meeting's year."""
    by_pk = {plan.pk: plan for plan in plans}
    if meeting.pk:
        served = Activity.objects.filter(
            Q(meetings=meeting) | Q(products__meetings=meeting), plan__in=plans
        ).values_list("plan_id", flat=True)
        for plan_id in served[:1]:
            return by_pk[plan_id]
    year = meeting.date.year if meeting.date else None
    return next((plan for plan in plans if plan.year == year), None)


# The checkbox lists of many activities or products get a filter box
# (planea/static/planea/checklist-filter.js); without JavaScript, the list.
FILTERABLE = {"class": "filterable"}


class _NetworkChoices:
    """Choices limited to the network's own rows; activities and products,
    to one plan's (`plan`), or when none is given to the plans `user` may read."""

    def limit(self, network: Network, user, plan: Plan | None = None) -> None:
        fields = self.fields
        fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in _holders(network, user)]
        ).order_by("name")
        countries = Organisation.objects.filter(network=network, kind=Organisation.Kind.COUNTRY)
        if "countries" in fields:
            fields["countries"].queryset = countries.order_by("name")
        if "host_country" in fields:
            fields["host_country"].queryset = countries.order_by("name")
        if "organisations" in fields:
            fields["organisations"].queryset = (
                Organisation.objects.filter(network=network)
                .exclude(kind__in=[Organisation.Kind.COUNTRY, Organisation.Kind.ROLE])
                .order_by("name")
            )
        if plan is not None:
            activities = Activity.objects.filter(plan=plan)
        else:
            activities = Activity.objects.visible_to(user).filter(plan__network=network)
        fields["activities"].queryset = activities.select_related("plan").order_by(
            "-plan__year", "order"
        )
        fields["activities"].label_from_instance = _activity_label
        # Minutes count toward the products of plans being carried out (and
        # those they already count toward stay offered).
        editing = isinstance(self.instance, Meeting) and self.instance.pk
        current = Q(meetings=self.instance) if editing else Q(pk=None)
        fields["products"].queryset = (
            Product.objects.filter(activity__in=activities)
            .filter(Q(activity_id__in=_evidence_activities(activities, user)) | current)
            .distinct()
            .select_related("activity__plan")
            .order_by("-activity__plan__year", "activity__order", "order")
        )
        fields["products"].label_from_instance = _product_label

    def check_products_served(self, cleaned: dict) -> None:
        check_products_served(self, cleaned)  # type: ignore[arg-type]


def check_products_served(form: forms.ModelForm, cleaned: dict) -> None:
    """Minutes count only toward the products of the activities the meeting
    served: a product of another activity is refused, on `form`'s products
    (the meeting's pages and the admin alike)."""
    served = set(cleaned.get("activities") or ())
    stray = [p for p in cleaned.get("products") or () if p.activity not in served]
    if stray:
        form.add_error(
            "products",
            _(
                "The minutes count only toward the products of the activities the meeting "
                "served. Tick the activity of: %(products)s."
            )
            % {"products": "; ".join(_product_label(p) for p in stray)},
        )


class MeetingForm(ControlCharacterMixin, _NetworkChoices, forms.ModelForm):
    minutes_file = forms.FileField(
        label=_("Signed minutes"),
        required=False,
        help_text=_("%(kinds)s; up to %(size)s."),
    )

    class Meta:
        model = Meeting
        fields = [
            "organisation",
            "title",
            "kind",
            "date",
            "start_time",
            "end_time",
            "place",
            "link",
            "host_country",
            "countries",
            "organisations",
            "agenda",
            "activities",
            "minutes",
            "minutes_file",
            "minutes_public",
            "decisions",
            "products",
        ]
        field_classes = {"link": WebURLField}
        widgets = {
            "date": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "countries": forms.CheckboxSelectMultiple,
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
            "activities": forms.CheckboxSelectMultiple(attrs=FILTERABLE),
            "products": forms.CheckboxSelectMultiple(attrs=FILTERABLE),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    checked: uploads.CheckedFile | None = None

    def __init__(self, *args, network: Network, user, plan: Plan | None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "meeting_%s")
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.limit(network, user, plan)
        # Links to rows this form does not offer (another plan's activities,
        # a draft's the user may not read) are kept as they are on saving.
        self.kept: dict[str, list[int]] = {}
        if self.instance.pk:
            for name in ("activities", "products"):
                offered = self.fields[name].queryset.values("pk")
                linked = getattr(self.instance, name).exclude(pk__in=offered)
                self.kept[name] = list(linked.values_list("pk", flat=True))
        self.fields["minutes_file"].help_text = self.fields["minutes_file"].help_text % {
            "kinds": uploads.allowed_kinds(),
            "size": filesizeformat(uploads.max_bytes()),
        }

    def clean_minutes_file(self):
        upload = self.cleaned_data.get("minutes_file")
        if isinstance(upload, UploadedFile):
            self.checked = uploads.check_upload(upload, upload.name, upload.size)
            upload.name = f"minutes.{self.checked.extension}"
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _("The meeting cannot end before it starts."))
        self.check_products_served(cleaned)
        return cleaned

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]  # django-stubs does not declare it
        for name, pks in self.kept.items():
            if pks:
                getattr(self.instance, name).add(*pks)

    def save(self, commit: bool = True) -> Meeting:
        meeting = super().save(commit=False)
        if self.checked is not None:
            meeting.minutes_content_type = self.checked.content_type
            meeting.minutes_size = self.checked.size
            meeting.minutes_original_name = self.checked.original_name
        if commit:
            meeting.save()
            self.save_m2m()
        return meeting


class MeetingSeriesForm(ControlCharacterMixin, _NetworkChoices, forms.ModelForm):
    rotation_text = forms.CharField(
        label=_("Countries by semester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional: one line per semester, from the first meeting's, naming the countries "
            "taking part, separated by commas (“Chile, Uruguay”)."
        ),
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "organisation",
            "title",
            "kind",
            "start",
            "frequency",
            "interval",
            "count",
            "until",
            "start_time",
            "end_time",
            "place",
            "link",
            "activities",
            "products",
        ]
        field_classes = {"link": WebURLField}
        widgets = {
            "start": DateInput,
            "until": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "activities": forms.CheckboxSelectMultiple(attrs=FILTERABLE),
            "products": forms.CheckboxSelectMultiple(attrs=FILTERABLE),
        }

    def __init__(self, *args, network: Network, user, plan: Plan | None = None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "series_%s")
        super().__init__(*args, **kwargs)
        self.network = network
        self.limit(network, user, plan)
        self.fields["interval"].min_value = 1

    def clean_count(self):
        count = self.cleaned_data.get("count")
        if count is not None and not 1 <= count <= MAX_OCCURRENCES:
            raise ValidationError(_("From 1 to %(max)d meetings.") % {"max": MAX_OCCURRENCES})
        return count

    def clean_rotation_text(self) -> list[list[int]]:
        text = self.cleaned_data.get("rotation_text") or ""
        countries = {
            org.key: org.pk
            for org in Organisation.objects.filter(
                network=self.network, kind=Organisation.Kind.COUNTRY
            )
        }
        rotation, unknown = [], []
        for line in text.splitlines():
            names = [name.strip() for name in line.split(",") if name.strip()]
            if not names:
                continue
            semester = []
            for name in names:
                pk = countries.get(organisation_key(name))
                if pk is None:
                    unknown.append(name)
                else:
                    semester.append(pk)
            rotation.append(semester)
        if unknown:
            raise ValidationError(
                _("Not a country of the network: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return rotation

    def clean(self):
        cleaned = super().clean()
        count, until, start = cleaned.get("count"), cleaned.get("until"), cleaned.get("start")
        if not count and not until:
            raise ValidationError(_("Say how many meetings there are, or until when."))
        if until and start and until < start:
            self.add_error("until", _("The series cannot end before its first meeting."))
        if start and cleaned.get("frequency") and cleaned.get("interval") and until and not count:
            probe = MeetingSeries(
                start=start,
                frequency=cleaned["frequency"],
                interval=cleaned["interval"],
                until=until,
            )
            if len(probe.dates()) >= MAX_OCCURRENCES:
                self.add_error(
                    "until",
                    _("That would be more than %(max)d meetings.") % {"max": MAX_OCCURRENCES},
                )
        self.check_products_served(cleaned)
        return cleaned

    def save(self, commit: bool = True) -> MeetingSeries:
        series = super().save(commit=False)
        series.rotation = self.cleaned_data.get("rotation_text") or []
        if commit:
            series.save()
            self.save_m2m()
        return series
