"""The admin: every table, with the plan's structure inline, under the permission
policy (`PolicyAdmin`): a Secretariat sees and edits its own networks' rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext

from planea.accounts.admin import PolicyAdmin, PolicyStackedInline, PolicyTabularInline
from planea.accounts.policy import Action, can

from .forms import ActivityAdminForm
from .models import (
    Activity,
    ActivityFunding,
    ActivityLead,
    Area,
    FundingSource,
    Network,
    Organisation,
    Plan,
    Product,
    Translation,
)


@admin.register(Network)
class NetworkAdmin(PolicyAdmin):
    network_path = ""
    list_display = ["acronym", "name", "slug"]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}
    filter_horizontal = ["countries"]


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdmin):
    network_path = "network"
    list_display = ["name", "kind", "network", "slug"]
    list_filter = ["network", "kind"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(FundingSource)
class FundingSourceAdmin(PolicyAdmin):
    network_path = "network"
    list_display = ["name", "kind", "organisation", "network"]
    list_filter = ["network", "kind"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    autocomplete_fields = ["organisation"]


class DraftOnlyForm(forms.BaseForm):
    """Refuses to put a row into a plan that is no longer a draft (an
    activity added to, or moved into, an adopted plan). Mixed into the
    admin's own form, before it."""

    actor: Any = None

    def clean(self) -> dict:
        cleaned = super().clean()
        plan = cleaned.get("plan") or getattr(cleaned.get("activity"), "plan", None)
        if plan is not None and not can(self.actor, Action.EDIT_DRAFT, plan):
            raise ValidationError(
                gettext(
                    "The plan for %(year)s is no longer a draft: its content changes only "
                    "through an amendment, approved at a meeting."
                )
                % {"year": plan.year}
            )
        return cleaned


class DraftContentAdmin(PolicyAdmin):
    """A plan and its content (areas, activities, their products, leads and
    funding): changed here only while the plan is a draft (the policy's
    EDIT_DRAFT). Once proposed, a plan changes only through an amendment
    approved at a meeting, which keeps its versions in step with the live
    plan; here its content is shown read-only."""

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or can(request.user, Action.EDIT_DRAFT, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (DraftOnlyForm, form), {"actor": request.user})


class AreaInline(PolicyTabularInline):
    model = Area
    extra = 0
    fields = ["order", "number", "title"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(DraftContentAdmin):
    network_path = "network"
    list_display = ["year", "network", "title", "status", "imported_at"]
    list_filter = ["network", "status"]
    search_fields = ["title"]
    date_hierarchy = "imported_at"
    # The status moves only through the life cycle's steps (propose, approve
    # at a meeting, start, close), which keep their record; never by hand.
    readonly_fields = ["status", "imported_at", "source_name"]
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(DraftContentAdmin):
    network_path = "plan__network"
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan__network", "plan__year"]
    search_fields = ["title", "objective"]
    list_select_related = ["plan__network"]


class LeadInline(PolicyTabularInline):
    model = ActivityLead
    extra = 0
    autocomplete_fields = ["organisation"]


class FundingInline(PolicyTabularInline):
    model = ActivityFunding
    extra = 0
    autocomplete_fields = ["funding_source"]


class ProductInline(PolicyStackedInline):
    model = Product
    extra = 0


@admin.register(Activity)
class ActivityAdmin(DraftContentAdmin):
    network_path = "plan__network"
    # Carries the version the activity was read at: a save on a stale
    # version is refused with a message instead of overwriting (tracking).
    form = ActivityAdminForm
    list_display = ["code", "title", "period", "area", "plan"]
    list_filter = ["plan__network", "plan__year", "period"]
    search_fields = ["code", "key", "title", "search_text"]
    list_select_related = ["plan__network", "area"]
    raw_id_fields = ["plan", "area"]
    readonly_fields = ["source_line"]
    inlines = [ProductInline, LeadInline, FundingInline]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Search reads a folded copy of the activity's text: keep it current.
        form.instance.refresh_search_text()


@admin.register(ActivityLead)
class ActivityLeadAdmin(DraftContentAdmin):
    network_path = "activity__plan__network"
    list_display = ["activity", "organisation", "order"]
    list_filter = ["activity__plan__network", "activity__plan__year"]
    search_fields = ["organisation__name", "activity__code", "activity__title"]
    raw_id_fields = ["activity", "organisation"]


@admin.register(ActivityFunding)
class ActivityFundingAdmin(DraftContentAdmin):
    network_path = "activity__plan__network"
    list_display = ["activity", "funding_source", "order"]
    list_filter = ["activity__plan__network", "activity__plan__year"]
    search_fields = ["funding_source__name", "activity__code", "activity__title"]
    raw_id_fields = ["activity", "funding_source"]


@admin.register(Product)
class ProductAdmin(DraftContentAdmin):
    network_path = "activity__plan__network"
    list_display = ["description", "target_quantity", "target_unit", "recurrence", "activity"]
    search_fields = ["description"]
    raw_id_fields = ["activity"]


@admin.register(Translation)
class TranslationAdmin(PolicyAdmin):
    """The plan's translations, to look at (and remove one made in error):
    they are written on the translations page or by the spreadsheet round
    trip, which keep the digest of their original and ask the policy per
    language; never here."""

    network_path = "plan__network"
    list_display = ["plan", "language", "content_type", "object_id", "field", "updated_at"]
    list_filter = ["plan__network", "plan__year", "language", "field"]
    search_fields = ["text"]
    list_select_related = ["plan__network", "content_type"]
    fields = [
        "plan",
        "content_type",
        "object_id",
        "field",
        "language",
        "text",
        "source_digest",
        "updated_by",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
