from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from probation.audit.models import Action
from probation.audit.services import audit_record

from .forms import SignInForm, TokenForm


def sign_in(request):
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = auth.authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            error = "Enter a correct username and password. Accounts are locked after repeated failures."
        else:
            auth.login(request, user)
            audit_record(user=user, action=Action.SIGN_IN, summary="Signed in with password")
            if not settings.OTP_REQUIRED:
                return redirect(_next_url(request))
            return redirect(second_factor_url(_next_url(request)))
    return render(request, "accounts/sign_in.html", {"form": form, "error": error, "has_errors": bool(error)})


def second_factor_url(next_url: str = "/") -> str:
    """The second-factor page, remembering where the user was going."""
    url = reverse("accounts:second-factor")
    return url if next_url in {"", "/"} else f"{url}?{urlencode({'next': next_url})}"


def _next_url(request) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def second_factor(request):
    """Ask for the TOTP code; an account without a confirmed device sets one up first."""
    if request.user.is_verified():
        return redirect("home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            # Wrong codes slow further attempts down; say so rather than call a right code wrong.
            form.add_error("token", "You entered too many wrong codes. Wait a minute, then enter a new code")
        elif device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(user=request.user, action=Action.SIGN_IN, summary="Gave the second factor")
            return redirect(_next_url(request))
        else:
            form.add_error("token", "The security code is not correct or has expired")
    context = {"form": form, "setting_up": setting_up, "hide_navigation": True}
    if setting_up:
        context["secret"] = _base32(device.bin_key)
        context["qr_svg"] = _qr_svg(device.config_url)
    return render(request, "accounts/second_factor.html", context)


def _base32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode().rstrip("=")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_POST
def sign_out(request):
    auth.logout(request)
    return redirect("accounts:sign-in")


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)
