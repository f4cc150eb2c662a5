"""Setting up an authenticator app (QR code) and confirming a login with its code."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
def setup_view(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("twofactor_verify")
        device = TOTPDevice.objects.create(user=request.user, name="Nærvær", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("home")
        form.add_error("code", _("The code is wrong or too old. Try the newest one."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1c2623")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "twofactor/setup.html", {"form": form, "qr": qr, "secret": secret})


@login_required
def verify_view(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                return redirect("home")
        form.add_error("code", _("The code is wrong or too old. Try the newest one."))
    return render(request, "twofactor/verify.html", {"form": form})
