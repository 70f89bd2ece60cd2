from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "planea.plans"
    label = "plans"

    def ready(self) -> None:
        # The plan's own translatable fields are registered when the module is read.
        from . import translations  # noqa: F401
