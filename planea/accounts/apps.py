from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "planea.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.core import checks

        from . import signals  # noqa: F401  (connects the receivers)
        from .demo import check_no_demo_accounts

        checks.register(check_no_demo_accounts, checks.Tags.security, deploy=True)
