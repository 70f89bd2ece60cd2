"""Routes of the dashboard and "my commitments", included at the site's root
before the network routes (so that "dashboard" is never read as an activity
key, nor "my" as a network)."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("my/commitments/", dashboard_views.my_commitments, name="my_commitments"),
    path(
        "<slug:network>/<int:year>/dashboard/",
        dashboard_views.plan_dashboard_page,
        name="dashboard",
    ),
]
