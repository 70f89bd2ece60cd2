"""Routes of the report and the exports, included before the activity route:
"report.pdf" is a format, never an activity key."""

from django.urls import path, register_converter

from . import views


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
    path("<slug:network>/<int:year>/export.<export_format:fmt>", views.export, name="export"),
    path("<slug:network>/<int:year>/calendar.ics", views.calendar, name="calendar"),
]
