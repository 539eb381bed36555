"""Sign-in, sign-out, account, password and two-factor pages."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from macp.accounts import services
from macp.accounts.forms import ChangePasswordForm, SignInForm, TokenForm
from macp.accounts.models import User
from macp.core import limits


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_not_required
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    if request.method == "POST" and (
        limits.over_limit(request, "sign_in_address", "ip")
        or limits.over_limit(request, "sign_in_account", "post:username")
    ):
        return limits.too_many_page(request, limits.RateLimited("sign_in_account"))
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
        form.add_error(None, "Enter a correct username and password")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "error_list": form.error_list(), "next": _next_url(request), "demo_users": _demo_users()},
        status=400 if form.errors else 200,
    )


def _demo_users():
    """In the demo only: the sign-ins to try, one a role."""
    if not settings.DEMO_MODE:
        return []
    users = (
        User.objects.filter(is_active=True).select_related("agency").prefetch_related("roles").order_by("username")[:40]
    )
    return [
        {
            "username": u.username,
            "role": ", ".join(r.get_role_display() for r in u.roles.all()),
            "agency": u.agency.name if u.agency else "",
            "password": settings.DEMO_PASSWORD,
        }
        for u in users
    ]


@login_not_required
def locked_out(request, response=None, credentials=None):
    return render(
        request, "accounts/locked_out.html", {"cool_off_minutes": int(settings.AXES_COOLOFF_TIME * 60)}, status=429
    )


@login_not_required
@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


def account(request):
    has_2fa = any(True for _ in devices_for_user(request.user, confirmed=True))
    tokens = list(request.user.api_tokens.all())
    return render(request, "accounts/account.html", {"has_2fa": has_2fa, "tokens": tokens})


@require_POST
def revoke_token(request, token_id: int):
    try:
        record = services.revoke_api_token(token_id, request.user)
    except PermissionError:
        raise Http404("No such token") from None
    messages.success(request, f"API token {record.prefix}… is revoked: systems using it can no longer sign in.")
    return redirect("accounts:account")


def change_password(request):
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["new_password"])
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(
        request,
        "accounts/change_password.html",
        {"form": form, "error_list": form.error_list()},
        status=400 if form.errors else 200,
    )


def two_factor_setup(request):
    """Register a TOTP authenticator: show the QR code, confirm with a first code."""
    if not request.user.is_verified() and any(True for _ in devices_for_user(request.user, confirmed=True)):
        # Adding an authenticator needs the existing one first: a password alone must not get past two-factor.
        query = QueryDict(mutable=True)
        query["next"] = _next_url(request)
        return redirect(f"{reverse('accounts:two_factor_verify')}?{query.urlencode(safe='/')}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", TOO_MANY_WRONG_CODES)
        elif device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_next_url(request))
        else:
            form.add_error(
                "token", "That code is not right. Check the time on your phone is correct and try the newest code"
            )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code for your authenticator app")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "qr_svg": qr_svg,
            "secret": _base32(device),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


TOO_MANY_WRONG_CODES = (
    "You have entered a wrong code too many times. Wait a minute, then enter the newest code from your app"
)


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def two_factor_verify(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        devices = list(devices_for_user(request.user, confirmed=True))
        allowed = [device for device in devices if device.verify_is_allowed()[0]]
        if devices and not allowed:
            form.add_error("token", TOO_MANY_WRONG_CODES)
        else:
            for device in allowed:
                if device.verify_token(token):
                    otp_login(request, device)
                    return redirect(_next_url(request))
            form.add_error("token", "That code is not right. Try the newest code from your authenticator app")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "error_list": form.error_list(), "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
