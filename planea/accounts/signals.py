"""Keeping `user.is_staff` in step with the Secretariat role.

The admin only lets staff in, and in Planea the admin is the Secretariat's
tool: a user who holds the Secretariat role in some network is staff; one who
loses their last Secretariat role stops being staff (unless a superuser).
Other staff flags, set by hand, are left alone.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Membership, Role
from .policy import forget_roles


def _was_secretariat(membership: Membership) -> bool:
    return getattr(membership, "_planea_old_role", None) == Role.SECRETARIAT


@receiver(pre_save, sender=Membership)
def remember_old_role(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._planea_old_role = None
        return
    instance._planea_old_role = (
        Membership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    )


def _loaded_user(membership: Membership):
    """The membership's user if it is already in memory, else None."""
    return membership._state.fields_cache.get("user")


@receiver(post_save, sender=Membership)
def secretariat_is_staff(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    user = _loaded_user(instance)
    if user is not None:
        forget_roles(user)
    if instance.role == Role.SECRETARIAT:
        get_user_model().objects.filter(pk=instance.user_id, is_staff=False).update(is_staff=True)
        if user is not None:
            user.is_staff = True
    elif _was_secretariat(instance):
        revoke_staff_unless_secretariat(instance.user_id, user)


@receiver(post_delete, sender=Membership)
def former_secretariat_is_not_staff(sender, instance: Membership, **kwargs) -> None:
    # Also runs for memberships deleted with their user, network or organisation.
    user = _loaded_user(instance)
    if user is not None:
        forget_roles(user)
    if instance.role == Role.SECRETARIAT:
        revoke_staff_unless_secretariat(instance.user_id, user)


def revoke_staff_unless_secretariat(user_id: int, user=None) -> None:
    if Membership.objects.filter(user_id=user_id, role=Role.SECRETARIAT).exists():
        return
    revoked = get_user_model().objects.filter(pk=user_id, is_superuser=False).update(is_staff=False)
    if revoked and user is not None:
        user.is_staff = False
