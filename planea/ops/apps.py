from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "planea.ops"
    label = "ops"
