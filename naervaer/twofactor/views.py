"""Setting up an authenticator app (QR code), confirming a login with its code, and an
administrator's reset of a user's two-factor login.

Setting up takes the password again *and* a one-time enrolment code from an administrator:
the password alone would let whoever knows it enrol their own authenticator before the user
does. The secret is shown once, to the session that gave both, and is bound to it.
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from naervaer.access import can_manage_users, request_viewer
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.models import User
from naervaer.twofactor import services

PENDING = "twofactor_pending_device"
# Tries at the password and enrolment code per user: enough for typing errors, not for guessing.
ENROLMENT_TRIES = "10/h"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class EnrolForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    enrolment_code = forms.CharField(
        label=_("Enrolment code from your administrator"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _pending_device(request: HttpRequest) -> TOTPDevice | None:
    pk = request.session.get(PENDING)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


@login_required
@ratelimit(group="twofactor-enrol", key="user", rate=ENROLMENT_TRIES, method="POST", block=False)
def setup_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("twofactor_verify")
    device = _pending_device(request)
    if device is None:
        return _enrol(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(PENDING, None)
            otp_login(request, device)
            return redirect("home")
        form.add_error("code", _("The code is wrong or too old. Try the newest one."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1c2623")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "twofactor/setup.html", {"form": form, "qr": qr, "secret": secret})


def _enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step one: the password again and the one-time enrolment code; then a new secret."""
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.is_valid()  # cleaned, so the refusal can be added; nothing is checked
        form.add_error(None, _("Too many tries. Wait an hour, or ask an administrator."))
    elif request.method == "POST" and form.is_valid():
        user = request.user
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("The password is wrong."))
        elif not services.redeem(user, form.cleaned_data["enrolment_code"]):
            form.add_error(
                "enrolment_code",
                _("The enrolment code is wrong, used or more than a week old. Ask for a new one."),
            )
        else:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name="Nærvær", confirmed=False)
            request.session[PENDING] = device.pk
            return redirect("twofactor_setup")
    return render(request, "twofactor/enrol.html", {"form": form})


@login_required
def verify_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                return redirect("home")
        form.add_error("code", _("The code is wrong or too old. Try the newest one."))
    return render(request, "twofactor/verify.html", {"form": form})


@login_required
@require_POST
def reset_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """An administrator resets a user's two-factor login (a lost phone, a new HR officer): the
    old authenticators stop working and a one-time enrolment code is shown, once, to hand over."""
    viewer = request_viewer(request)
    if not can_manage_users(viewer):
        raise PermissionDenied
    user = get_object_or_404(User, pk=user_id, organisation_id=viewer.organisation_id)
    code = services.reset(user, by=request.user)
    messages.success(
        request, _("The two-factor login of %(name)s is reset.") % {"name": user.username}
    )
    return render(request, "twofactor/reset_done.html", {"edited": user, "code": code})
