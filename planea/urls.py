"""Planea's URLs: networks live at the root, each by its slug."""

from django.contrib import admin
from django.urls import include, path

from planea.accounts import views as account_views
from planea.api import views as api_views
from planea.api.api import api
from planea.governance import editor_urls as governance_editor
from planea.governance import import_job_views, import_views
from planea.governance import urls as governance
from planea.governance import views as governance_pages
from planea.plans import views
from planea.tracking import contribution_views as tracking_contributions
from planea.tracking import views as tracking

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/tokens/", api_views.tokens, name="api_tokens"),
    path("accounts/", include("planea.accounts.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("", views.home, name="home"),
    # Before the network routes: the dashboard and "my commitments".
    path("", include("planea.tracking.urls_dashboard")),
    # Before the network routes: evidence is served by id, checked by the policy.
    path("evidence/<int:pk>/", tracking.download, name="evidence"),
    path("evidence/<int:pk>/delete/", tracking.delete_evidence, name="delete_evidence"),
    path("evidence/<int:pk>/restore/", tracking.restore_evidence, name="restore_evidence"),
    path("<slug:network>/", governance_pages.network_detail, name="network"),
    # Bringing a plan document in: upload, preview, confirm or cancel.
    path("<slug:network>/import/", import_views.upload, name="plan_import"),
    path("<slug:network>/import/<str:token>/", import_views.preview, name="plan_import_preview"),
    path(
        "<slug:network>/import/<str:token>/confirm/",
        import_views.confirm,
        name="plan_import_confirm",
    ),
    path(
        "<slug:network>/import/<str:token>/cancel/",
        import_views.cancel,
        name="plan_import_cancel",
    ),
    # A large document, stored by a worker once confirmed: its page.
    path(
        "<slug:network>/imports/<int:job_id>/",
        import_job_views.import_job,
        name="plan_import_job",
    ),
    # The network's meetings (planea.governance).
    path("<slug:network>/", include(governance.network_patterns)),
    path(
        "<slug:network>/organisations/<slug:organisation>/",
        views.organisation_detail,
        name="organisation",
    ),
    path("<slug:network>/<int:year>/", views.plan_detail, name="plan"),
    # Before the activity route: "timeline" is not an activity key.
    path("<slug:network>/<int:year>/timeline/", views.timeline, name="timeline"),
    # Before the activity route: the plan's life cycle, versions and amendments.
    path("<slug:network>/<int:year>/", include(governance.plan_patterns)),
    # Before the activity route: the plan editor ("edit" is not an activity key).
    path("<slug:network>/<int:year>/", include(governance_editor.plan_patterns)),
    # Before the activity route: "report.pdf" and "export.csv" are formats, not keys.
    path("", include("planea.reports.urls")),
    # Before the activity route: reporting on an activity.
    path("<slug:network>/<int:year>/<str:key>/progress/", tracking.progress, name="progress"),
    path(
        "<slug:network>/<int:year>/<str:key>/progress/<int:pk>/correct/",
        tracking.progress_correct,
        name="progress_correct",
    ),
    path(
        "<slug:network>/<int:year>/<str:key>/progress/<int:pk>/withdraw/",
        tracking.progress_withdraw,
        name="progress_withdraw",
    ),
    path(
        "<slug:network>/<int:year>/<str:key>/evidence/",
        tracking.add_evidence,
        name="add_evidence",
    ),
    path(
        "<slug:network>/<int:year>/<str:key>/contributions/",
        tracking_contributions.contributions,
        name="contributions",
    ),
    path("<slug:network>/<int:year>/<str:key>/", tracking.activity_detail, name="activity"),
]
