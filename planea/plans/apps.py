from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "planea.plans"
    label = "plans"
