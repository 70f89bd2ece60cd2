from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "planea.accounts"
    label = "accounts"
