from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planea.api"
    label = "api"
