from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "planea.tracking"
    label = "tracking"

    def ready(self) -> None:
        # Minutes recorded in governance count as evidence: connect the
        # receiver. Roll-over carries a target as what is still owed, so it
        # counts evidence as tracking does.
        from planea.governance import rollover

        from . import minutes  # noqa: F401
        from .models import with_delivered

        rollover.count_delivered_with(with_delivered)
