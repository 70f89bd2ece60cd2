from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planea.reports"
    label = "reports"
