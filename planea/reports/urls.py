"""Routes of the report, the exports and the open data, included before the
activity route: "report.pdf" is a format, never an activity key; and of the
network's transparency page."""

from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import views
from .feeds import TransparencyFeed


class ReportFormat:
    regex = "html|pdf|docx|md"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormat(ReportFormat):
    regex = "csv|xlsx|json|ics"


register_converter(ReportFormat, "report_format")
register_converter(ExportFormat, "export_format")

urlpatterns = [
    path("<slug:network>/<int:year>/report.<report_format:fmt>", views.report, name="report"),
    path(
        "<slug:network>/<int:year>/report.<report_format:fmt>/retry",
        views.report_retry,
        name="report_retry",
    ),
    path("<slug:network>/<int:year>/export.<export_format:fmt>", views.export, name="export"),
    path("<slug:network>/<int:year>/calendar.ics", views.calendar, name="calendar"),
    path("<slug:network>/<int:year>/iati-activities.xml", views.iati, name="iati"),
    path("<slug:network>/<int:year>/datapackage.zip", views.datapackage, name="datapackage"),
    # The network's transparency page, its embeddable summary and its feed.
    path("<slug:network>/transparency/", views.transparency, name="transparency"),
    path(
        "<slug:network>/transparency/embed/",
        views.transparency_embed,
        name="transparency_embed",
    ),
    path(
        "<slug:network>/transparency/feed.atom",
        require_safe(TransparencyFeed()),
        name="transparency_feed",
    ),
]
