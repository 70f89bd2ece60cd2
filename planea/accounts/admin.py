"""The admin under the permission policy.

The admin is the Secretariat's tool. Every ModelAdmin of Planea's data
derives from `PolicyAdmin` and says how its model reaches its network
(`network_path = "plan__network"`); the mixin then asks the policy:

- a superuser sees and edits everything;
- a Secretariat sees and edits its own networks' objects, nothing else, and
  may only point foreign keys at its own networks' objects;
- anyone else (a coordinator, a viewer, staff without a Secretariat role)
  sees none of Planea's tables.

An object outside the user's networks answers 404, as if it did not exist.
Inlines derive from `PolicyTabularInline` / `PolicyStackedInline` and follow
their parent: who may change a plan may change its areas.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planea.core.text import guard_text_field, strip_control

from .invitations import send_invitation
from .models import Membership, Profile, Role
from .policy import attachable_users, managed_networks


def _managed(request: HttpRequest) -> list[int] | None:
    """The networks whose data the user manages; None for all of them."""
    return managed_networks(request.user)


def _may_use_admin(request: HttpRequest) -> bool:
    managed = _managed(request)
    return managed is None or bool(managed)


def _users_of(network_ids: list[int]) -> models.QuerySet:
    return get_user_model()._default_manager.filter(
        pk__in=Membership.objects.filter(network_id__in=network_ids).values("user_id")
    )


class NetworkChoicesMixin:
    """Foreign-key and many-to-many choices limited to the user's networks,
    using the `network_path` the related model's own admin declares."""

    admin_site: admin.AdminSite

    def _limit_to_networks(self, request: HttpRequest, db_field, kwargs: dict) -> None:
        managed = _managed(request)
        if managed is None:
            return
        related = db_field.remote_field.model
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = related._default_manager.all()
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, PolicyAdmin):
            kwargs["queryset"] = related_admin.restrict(queryset, managed)
        elif related is get_user_model():
            kwargs["queryset"] = queryset.filter(pk__in=_users_of(managed).values("pk"))
        else:
            # A table the policy does not know of: offer nothing rather than all.
            kwargs["queryset"] = queryset.none()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Every text field of every admin form follows the text rule
        # (planea.core.text): a control character is refused with a message.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            guard_text_field(formfield)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_to_networks(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_to_networks(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PolicyAdmin(NetworkChoicesMixin, admin.ModelAdmin):
    """A ModelAdmin whose every permission is the policy's.

    `network_path` is the lookup from the model to its network:
    "network" (the default), "plan__network", "activity__plan__network"...,
    or "" for the Network model itself (whose rows only superusers add or
    delete).
    """

    network_path: str = "network"

    def get_search_results(self, request, queryset, search_term):
        # The search box is text in too: PostgreSQL cannot compare a NUL.
        return super().get_search_results(
            request, queryset, strip_control(search_term, multiline=False)
        )

    # -- where an object belongs

    @cached_property
    def _path_fields(self) -> list:
        return get_fields_from_path(self.model, self.network_path) if self.network_path else []

    @cached_property
    def _path_is_multivalued(self) -> bool:
        return any(f.many_to_many or f.one_to_many for f in self._path_fields)

    def restrict(self, queryset: models.QuerySet, managed: list[int] | None) -> models.QuerySet:
        """`queryset` limited to objects of the networks `managed`."""
        if managed is None:
            return queryset
        if not managed:
            return queryset.none()
        if not self.network_path:
            return queryset.filter(pk__in=managed)
        lookup = {f"{self.network_path}__in": managed}
        if self._path_is_multivalued:
            # Through a to-many relation: a subquery, so no row comes twice.
            return queryset.filter(pk__in=self.model._default_manager.filter(**lookup).values("pk"))
        return queryset.filter(**lookup)

    def network_ids(self, obj: Any) -> set[int]:
        """The networks `obj` belongs to."""
        if not self.network_path:
            return {obj.pk}
        if self._path_is_multivalued:
            values = self.model._default_manager.filter(pk=obj.pk)
            return set(values.values_list(self.network_path, flat=True)) - {None}
        *through, last = self._path_fields
        value = obj
        for field in through:
            value = getattr(value, field.name, None)
            if value is None:
                return set()
        network_id = getattr(value, last.attname, None)
        return {network_id} if network_id is not None else set()

    def manages(self, request: HttpRequest, obj: Any | None) -> bool:
        """Whether the user may manage `obj` (or this table, if None)."""
        managed = _managed(request)
        if managed is None:
            return True
        if not managed:
            return False
        return obj is None or bool(self.network_ids(obj) & set(managed))

    # -- what the admin asks

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_use_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.manages(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.manages(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        if not self.network_path:
            return request.user.is_superuser
        return _may_use_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.network_path:
            return request.user.is_superuser
        return self.manages(request, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return self.restrict(super().get_queryset(request), _managed(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # Another network's object is, to this user, no object at all.
            raise Http404
        return obj

    def get_list_filter(self, request: HttpRequest):
        """Filters list only what the user's own rows hold: never another
        network's name, nor the year of another network's plan."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        limited = []
        for item in filters:
            if isinstance(item, str):
                field = get_fields_from_path(self.model, item)[-1]
                if field.is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
                elif "__" in item and not (
                    field.flatchoices or isinstance(field, models.BooleanField | models.DateField)
                ):
                    item = (item, OwnValuesFieldListFilter)
            limited.append(item)
        return limited


class OwnValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """Django's filter by the values of a field across a relation
    ("plan__year") lists every row's values; this one, the user's rows'."""

    def __init__(self, field, request, params, model, model_admin, field_path) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .exclude(**{f"{field_path}__isnull": True})
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )


class PolicyInlineMixin(NetworkChoicesMixin):
    """An inline may do with its rows what its parent's admin may do with the
    parent: view them if it may view it, change them if it may change it."""

    admin_site: admin.AdminSite
    parent_model: type[models.Model]

    def _parent_admin(self) -> PolicyAdmin | None:
        parent = self.admin_site._registry.get(self.parent_model)
        return parent if isinstance(parent, PolicyAdmin) else None

    def _may_change_parent(self, request: HttpRequest, obj: Any) -> bool:
        parent = self._parent_admin()
        if parent is None:
            return request.user.is_superuser
        if obj is None:
            return parent.has_add_permission(request) or parent.has_change_permission(request)
        return parent.has_change_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        parent = self._parent_admin()
        if parent is None:
            return request.user.is_superuser
        return parent.has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change_parent(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change_parent(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change_parent(request, obj)


class PolicyTabularInline(PolicyInlineMixin, admin.TabularInline):
    pass


class PolicyStackedInline(PolicyInlineMixin, admin.StackedInline):
    pass


# ---------------------------------------------------------------------------
# The Secretariat manages its network's people here.


def _duplicate_error(membership: Membership, user, cleaned: dict) -> str | None:
    network, role = cleaned.get("network"), cleaned.get("role")
    organisation = cleaned.get("organisation")
    if user is None or network is None or not role:
        return None
    others = Membership.objects.filter(user=user, network=network).exclude(pk=membership.pk)
    if role == Role.COORDINATOR:
        if organisation and others.filter(organisation=organisation).exists():
            return gettext("This user already coordinates this organisation in this network.")
    elif others.filter(role=role, organisation__isnull=True).exists():
        return gettext("This user already holds this role in this network.")
    return None


class MembershipChangeForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["network", "role", "organisation"]

    def clean(self) -> dict:
        cleaned = super().clean()
        user = self.instance.user if self.instance.user_id else None
        error = _duplicate_error(self.instance, user, cleaned)
        if error:
            raise forms.ValidationError(error)
        return cleaned


class MembershipAddForm(MembershipChangeForm):
    """A role for someone: a member of the Secretariat's networks by their
    username, or anyone else by their e-mail address, who is sent an e-mail
    to choose a password. Only the accounts the policy lets the Secretariat
    attach (`attachable_users`) are looked up by username; an address that
    is another network's user's invites that user, so that the form never
    tells whether someone of another network has an account."""

    username = forms.CharField(
        label=_("username"),
        max_length=150,
        help_text=_("An existing user's username, or the username of a new user."),
    )
    email = forms.EmailField(
        label=_("e-mail address"),
        required=False,
        help_text=_(
            "For a new user: they receive an e-mail at this address to choose their password."
        ),
    )
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("language"),
        choices=[("", _("The browser's language")), *settings.LANGUAGES],
        required=False,
        help_text=_("For a new user: the language of their pages and e-mails."),
    )

    class Meta(MembershipChangeForm.Meta):
        fields = [
            *("username", "email", "first_name", "last_name", "language"),
            *("network", "role", "organisation"),
        ]

    new_user = None
    invited_user = None
    # Who fills the form in: set by MembershipAdmin.get_form.
    actor = None

    def _attachable(self) -> models.QuerySet:
        return get_user_model()._default_manager.filter(attachable_users(self.actor))

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        mine = self._attachable()
        user = mine.filter(username=username).first()
        if user is None:
            matches = list(mine.filter(username__iexact=username)[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            get_user_model()._meta.get_field("username").run_validators(username)
        self.existing_user = user
        return username

    def clean(self) -> dict:
        user = getattr(self, "existing_user", None)
        if user is not None:
            self.instance.user = user
        elif "username" in self.cleaned_data:
            users = get_user_model()._default_manager
            username = self.cleaned_data["username"]
            email = self.cleaned_data.get("email", "")
            owner = users.filter(email__iexact=email).order_by("pk").first() if email else None
            if not email:
                self.add_error("email", _("A new user needs an e-mail address."))
            elif owner is not None and self._attachable().filter(pk=owner.pk).exists():
                self.add_error(
                    "email",
                    _("Another user has this e-mail address: give their username instead."),
                )
            elif owner is not None:
                # Someone the Secretariat may not look up, whom it knows by
                # their address: invited there, as a new user would be.
                self.invited_user = self.instance.user = owner
            elif users.filter(username__iexact=username).exists():
                self.add_error(
                    "username", _("This username is taken: choose another for the new user.")
                )
            if self.invited_user is None:
                self.new_user = get_user_model()(
                    username=username,
                    email=email,
                    first_name=self.cleaned_data.get("first_name", ""),
                    last_name=self.cleaned_data.get("last_name", ""),
                )
        return super().clean()


@admin.register(Membership)
class MembershipAdmin(PolicyAdmin):
    network_path = "network"
    list_display = ["user", "role", "organisation", "network", "created"]
    list_filter = ["network", "role"]
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation__name",
    ]
    list_select_related = ["user", "network", "organisation"]
    autocomplete_fields = ["organisation"]

    def get_form(self, request: HttpRequest, obj: Membership | None = None, **kwargs):
        kwargs["form"] = MembershipChangeForm if obj else MembershipAddForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            # Whom the form may look up is the policy's answer for this user.
            form = type(form.__name__, (form,), {"actor": request.user})
        return form

    def get_fields(self, request: HttpRequest, obj: Membership | None = None):
        if obj is None:
            return MembershipAddForm.Meta.fields
        return ["user", *MembershipChangeForm.Meta.fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None):
        return ["user"] if obj else []

    def save_model(self, request: HttpRequest, obj: Membership, form, change: bool) -> None:
        invited = getattr(form, "invited_user", None)
        if not change and invited is not None:
            super().save_model(request, obj, form, change)
            transaction.on_commit(
                lambda: send_invitation(invited, membership=obj, request=request), robust=True
            )
            self.message_user(
                request,
                gettext("An e-mail about this role will be sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return
        new_user = getattr(form, "new_user", None)
        if not change and new_user is not None:
            new_user.set_unusable_password()
            new_user.save()
            language = form.cleaned_data.get("language", "")
            if language:
                Profile.objects.create(user=new_user, language=language)
            obj.user = new_user
        super().save_model(request, obj, form, change)
        if not change and new_user is not None:
            # Once the user exists for good; a mail server that is down is
            # logged, not fatal: "Forgotten your password?" sends a new link.
            transaction.on_commit(
                lambda: send_invitation(new_user, membership=obj, request=request), robust=True
            )
            self.message_user(
                request,
                gettext("%(user)s will receive an e-mail at %(email)s to choose a password.")
                % {"user": new_user.get_username(), "email": new_user.email},
            )


@admin.register(Profile)
class ProfileAdmin(PolicyAdmin):
    network_path = "user__memberships__network"
    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    def get_readonly_fields(self, request: HttpRequest, obj: Profile | None = None):
        return ["user"] if obj else []
