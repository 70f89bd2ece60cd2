"""The plan editor's pages, mounted under "<network>/<year>/" by
planea/urls.py before the catch-all activity route ("edit" is no key)."""

from django.urls import path

from . import editor_views as views

plan_patterns = [
    path("edit/", views.plan_editor, name="plan_editor"),
    path("edit/areas/<int:index>/", views.area_edit, name="editor_area"),
    path("edit/areas/<int:index>/move/", views.area_move, name="editor_area_move"),
    path("edit/areas/<int:index>/remove/", views.area_remove, name="editor_area_remove"),
    path("edit/activities/new/", views.activity_new, name="editor_activity_new"),
    path("edit/activities/<str:key>/", views.activity_edit, name="editor_activity"),
    path("edit/activities/<str:key>/move/", views.activity_move, name="editor_activity_move"),
    path("edit/activities/<str:key>/remove/", views.activity_remove, name="editor_activity_remove"),
    path("edit/propose/", views.propose, name="editor_propose"),
    path("edit/discard/", views.discard, name="editor_discard"),
]
