"""Governance in the admin, under the permission policy: seats, meetings and
their series for the Secretariat to correct; the plans' versions and changes
of status to read only, since what was proposed or approved is never edited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planea.accounts.admin import PolicyAdmin
from planea.core import uploads
from planea.core.forms import WebURLField

from .forms import check_products_served
from .meetings import minutes_changed
from .models import BodySeat, Meeting, MeetingSeries, PlanTransition, PlanVersion, Statutes
from .statutes import default_rules


@admin.register(BodySeat)
class BodySeatAdmin(PolicyAdmin):
    network_path = "body__network"
    list_display = ["year", "body", "country", "is_chair"]
    list_filter = ["year", "body", "is_chair"]
    search_fields = ["country__name", "body__name"]
    autocomplete_fields = ["body", "country"]


class MeetingAdminForm(forms.ModelForm):
    link = WebURLField(label=_("link to join"), required=False, max_length=1000)

    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007 - the admin says which it shows

    def clean(self):
        cleaned = super().clean()
        check_products_served(self, cleaned)
        return cleaned

    def clean_minutes_file(self):
        upload = self.cleaned_data.get("minutes_file")
        if isinstance(upload, UploadedFile):
            # The same check as on the meeting's page: by content, not by name.
            checked = uploads.check_upload(upload, upload.name, upload.size)
            self.instance.minutes_content_type = checked.content_type
            self.instance.minutes_size = checked.size
            self.instance.minutes_original_name = checked.original_name
            upload.name = f"minutes.{checked.extension}"
        return upload


@admin.register(Meeting)
class MeetingAdmin(PolicyAdmin):
    form = MeetingAdminForm
    network_path = "network"
    list_display = ["date", "title", "organisation", "kind", "host_country", "network"]
    list_filter = ["network", "kind", "organisation"]
    search_fields = ["title", "place", "agenda", "minutes", "decisions"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation", "host_country", "countries", "organisations"]
    raw_id_fields = ["activities", "products", "series"]
    readonly_fields = [
        "minutes_content_type",
        "minutes_size",
        "minutes_original_name",
        "created_by",
        "created",
        "updated",
    ]

    def save_model(self, request: HttpRequest, obj: Meeting, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        minutes_changed(form.instance, request.user)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(PolicyAdmin):
    network_path = "network"
    list_display = ["title", "organisation", "start", "frequency", "interval", "count", "until"]
    list_filter = ["network", "frequency"]
    search_fields = ["title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["activities", "products"]


class StatutesAdminForm(forms.ModelForm):
    class Meta:
        model = Statutes
        fields = ["network", "plan_body", "plan_years_before", "amendment_bodies", "source"]

    def clean(self):
        cleaned = super().clean()
        network = cleaned.get("network")
        strangers = [
            body.name
            for body in cleaned.get("amendment_bodies") or ()
            if network is not None and body.network_id != network.pk
        ]
        if strangers:
            self.add_error(
                "amendment_bodies",
                gettext("Not a body of this network: %(names)s.") % {"names": ", ".join(strangers)},
            )
        return cleaned


@admin.register(Statutes)
class StatutesAdmin(PolicyAdmin):
    """The Secretariat records its network's statutes; the life cycle checks
    every approval against them, and the network's page shows them."""

    form = StatutesAdminForm
    network_path = "network"
    list_display = ["network", "plan_body", "plan_years_before", "updated"]
    list_select_related = ["network", "plan_body"]
    readonly_fields = ["updated"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A new record starts from what applies now: Red GEALC's rules."""
        initial = super().get_changeform_initial_data(request)
        network = str(initial.get("network", ""))
        if network.isdigit():
            rules = default_rules(int(network))
            if rules.plan_bodies:
                initial.setdefault("plan_body", rules.plan_bodies[0].pk)
            initial.setdefault("plan_years_before", rules.years_before)
            initial.setdefault("amendment_bodies", [body.pk for body in rules.amendment_bodies])
        return initial


class ReadOnlyAdmin(PolicyAdmin):
    """Shown, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    network_path = "plan__network"
    list_display = ["plan", "number", "kind", "author_name", "created", "meeting"]
    list_filter = ["plan__network", "kind"]
    search_fields = ["note", "plan__title"]
    list_select_related = ["plan__network", "meeting"]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyAdmin):
    network_path = "plan__network"
    list_display = ["plan", "from_status", "to_status", "author_name", "created", "meeting"]
    list_filter = ["plan__network", "to_status"]
    list_select_related = ["plan__network", "meeting"]
