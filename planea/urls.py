"""Planea's URLs: networks live at the root, each by its slug."""

from django.contrib import admin
from django.urls import include, path

from planea.plans import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("<slug:network>/", views.network_detail, name="network"),
    path(
        "<slug:network>/organisations/<slug:organisation>/",
        views.organisation_detail,
        name="organisation",
    ),
    path("<slug:network>/<int:year>/", views.plan_detail, name="plan"),
    # Before the activity route: "timeline" is not an activity key.
    path("<slug:network>/<int:year>/timeline/", views.timeline, name="timeline"),
    path("<slug:network>/<int:year>/<str:key>/", views.activity_detail, name="activity"),
]
