from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planea.api"
    label = "api"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals, stamp

        signals.connect()
        # A migration that rebuilds a table on SQLite drops its triggers.
        post_migrate.connect(
            stamp.reinstall_after_migrate, sender=self, dispatch_uid="planea-api-data-stamp"
        )
