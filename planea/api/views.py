"""The page where a person makes and revokes their personal API tokens.

A new token's secret is shown once, in the answer to the form that made it,
and never again: it is not stored, nor put in the session or a message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from planea.core.text import ControlCharacterMixin

from .models import ApiToken, TokenLifetimeError, lifetime

# How many tokens one person may hold at once: plenty for scripts, and a
# bound on what a runaway script could make.
MAX_ACTIVE_TOKENS = 20


class TokenForm(ControlCharacterMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, so that you recognise it later."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    days = forms.IntegerField(
        label=gettext_lazy("Days it works"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("After that it stops working. Leave it empty for the usual time."),
    )

    def clean_days(self) -> int | None:
        days = self.cleaned_data.get("days")
        try:
            lifetime(days)
        except TokenLifetimeError as error:
            raise forms.ValidationError(str(error), code="lifetime") from None
        return days

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(gettext_lazy("Give the token a name."), code="blank")
        return name


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's tokens; make one (`name`) or revoke one (`revoke`)."""
    form = TokenForm()
    created: tuple[ApiToken, str] | None = None
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=_int(request.POST["revoke"]), user=request.user)
            token.revoke()
            messages.success(
                request,
                _("The token “%(name)s” (%(prefix)s…) is revoked: it no longer works.")
                % {"name": token.name, "prefix": token.prefix},
            )
            return redirect("api_tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            if ApiToken.objects.active().filter(user=request.user).count() >= MAX_ACTIVE_TOKENS:
                form.add_error(
                    None,
                    _("You already hold %(n)d tokens: revoke one you no longer use first.")
                    % {"n": MAX_ACTIVE_TOKENS},
                )
                status = 400
            else:
                created = ApiToken.issue(
                    request.user, form.cleaned_data["name"], form.cleaned_data["days"]
                )
                form = TokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "created": created[0] if created else None,
        "secret": created[1] if created else None,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created", "-pk"),
    }
    return render(request, "api/tokens.html", context, status=status)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
