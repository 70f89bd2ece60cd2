from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "planea.governance"
    label = "governance"
