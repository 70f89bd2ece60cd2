"""The governance pages, mounted under a network by planea/urls.py: its
meetings, and each plan's life cycle, versions and amendments. They come
before the catch-all activity route, whose keys they would otherwise be."""

from django.urls import path

from . import translations_views, views

# Under "<slug:network>/".
network_patterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/series/new/", views.series_new, name="meeting_series_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
]

# Under "<slug:network>/<int:year>/".
plan_patterns = [
    path("lifecycle/propose/", views.propose, name="plan_propose"),
    path("lifecycle/approve/", views.approve, name="plan_approve"),
    path("lifecycle/start/", views.start, name="plan_start"),
    path("lifecycle/close/", views.close, name="plan_close"),
    path("lifecycle/rollover/", views.rollover, name="plan_rollover"),
    path("versions/", views.versions, name="plan_versions"),
    path("versions/<int:number>/", views.version_document, name="plan_version"),
    path("versions/<int:a>/<int:b>/", views.version_diff, name="plan_diff"),
    path("amendments/new/", views.amendment_new, name="amendment_new"),
    path("amendments/<int:number>/", views.amendment, name="amendment"),
    path("amendments/<int:number>/approve/", views.amendment_approve, name="amendment_approve"),
    # The translations of the plan's texts (issue 17).
    path("translations/", translations_views.translations, name="plan_translations"),
    path("translations/save/", translations_views.translations_save, name="translations_save"),
    path(
        "translations/spreadsheet/",
        translations_views.translations_export,
        name="translations_export",
    ),
    path(
        "translations/import/", translations_views.translations_import, name="translations_import"
    ),
]
