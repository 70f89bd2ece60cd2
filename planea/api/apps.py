from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planea.api"
    label = "api"

    def ready(self) -> None:
        from . import signals

        signals.connect()
