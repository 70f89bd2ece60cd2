from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "planea.tracking"
    label = "tracking"
