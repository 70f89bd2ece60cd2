from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "planea.tracking"
    label = "tracking"

    def ready(self) -> None:
        # Minutes recorded in governance count as evidence: connect the receiver.
        from . import minutes  # noqa: F401
