"""The account pages: logging in and out, passwords, the profile.

Thin layers over Django's own views; what Planea adds is the user's
language, switched on when they log in or change it, and lifting a
lockout (django-axes) once the user proves by e-mail who they are.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from . import throttle
from .forms import PasswordResetForm, ProfileForm
from .models import Membership, Profile, preferred_language


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Make `language` the one LocaleMiddleware picks from now on (the same
    cookie the language menu sets)."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        language = preferred_language(form.get_user())
        if language:
            remember_language(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or an image cannot log anyone out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form) -> HttpResponse:
        # Counted for every address asked for, known or not, so the refusal
        # tells nothing about which addresses have an account.
        if not throttle.allow_reset_email(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many e-mails to choose a password have been asked for: "
                    "try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # The link proved who the user is: the failed attempts (someone's
        # guesses, or their own) no longer lock them out.
        from axes.utils import reset

        reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The user's name, preferred language and roles."""
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)
        if form.is_valid():
            saved = form.save()
            response = redirect("profile")
            if saved.language:
                remember_language(response, saved.language)
            messages.success(request, _("Your profile has been saved."))
            return response
    else:
        form = ProfileForm(user=request.user)
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("network", "organisation")
        .order_by("network__name", "role", "organisation__name")
    )
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language menu: Django's own view, which also becomes the signed-in
    user's preferred language (for the next login and for e-mail)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
    return response
