"""Progress updates and evidence in the admin, under the permission policy.

Reports are made on the activity page, where they move the activity's
status and version together; the admin only corrects a report's note or
removes it. Evidence uploaded here goes through the same content check as
on the page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from planea.accounts.admin import PolicyAdmin
from planea.core import uploads

from .forms import WebURLField
from .models import Evidence, ProgressUpdate


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PolicyAdmin):
    network_path = "activity__plan__network"
    list_display = ["activity", "status", "date", "author", "created"]
    list_filter = ["activity__plan__network", "activity__plan__year", "status"]
    search_fields = ["note", "activity__code", "activity__title"]
    list_select_related = ["activity__plan__network", "author"]
    # Corrections and withdrawals move the activity's status: they are made
    # on the activity page (planea.tracking.views), never edited here.
    readonly_fields = [
        *("activity", "status", "date", "author", "created"),
        *("corrected_at", "short_of_target_confirmed"),
        *("withdrawn_at", "withdrawn_by", "withdrawal_reason"),
    ]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class EvidenceAdminForm(forms.ModelForm):
    url = WebURLField(label=_("link"), required=False, max_length=1000)

    class Meta:
        model = Evidence
        fields = ["product", "title", "date", "file", "url", "is_public"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            checked = uploads.check_upload(upload, upload.name, upload.size)
            self.instance.content_type = checked.content_type
            self.instance.size = checked.size
            self.instance.original_name = checked.original_name
            upload.name = checked.storage_name
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.meeting_id:
            # Minutes of a meeting: their file and link are the meeting's.
            return cleaned
        if bool(cleaned.get("file")) == bool(cleaned.get("url")):
            raise forms.ValidationError(_("Give a file or a link, not both, and not neither."))
        return cleaned


@admin.register(Evidence)
class EvidenceAdmin(PolicyAdmin):
    network_path = "product__activity__plan__network"
    form = EvidenceAdminForm
    list_display = ["title", "product", "date", "is_public", "content_type", "added_by"]
    list_filter = ["product__activity__plan__network", "is_public", "content_type"]
    search_fields = ["title", "original_name", "product__description"]
    list_select_related = ["product__activity", "added_by"]
    raw_id_fields = ["product"]
    readonly_fields = ["content_type", "size", "original_name", "added_by", "created"]

    def save_model(self, request: HttpRequest, obj: Evidence, form, change: bool) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
