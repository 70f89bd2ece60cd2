"""A new password ends every API token the user holds.

Whoever changes a password (on the profile, by a reset link, in the admin)
usually does so because the old one may be known to someone else, and
tokens made with it must not outlive it. Watching the saved hash catches
every way of changing it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save

from .models import ApiToken

User = get_user_model()


def _remember_old_password(sender, instance, raw: bool = False, update_fields=None, **kwargs):
    instance._planea_password_changed = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._planea_password_changed = stored is not None and stored != instance.password


def _revoke_tokens_on_new_password(sender, instance, raw: bool = False, **kwargs):
    if getattr(instance, "_planea_password_changed", False):
        ApiToken.objects.revoke_all(instance)
        instance._planea_password_changed = False


def connect() -> None:
    pre_save.connect(_remember_old_password, sender=User, dispatch_uid="planea-api-old-password")
    post_save.connect(
        _revoke_tokens_on_new_password, sender=User, dispatch_uid="planea-api-new-password"
    )
