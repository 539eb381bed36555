"""Two-factor is required for every account unless the demo setting is on (or the sign-in came through OIDC,
where the identity provider enforces its own second factor)."""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse

OIDC_SESSION_FLAG = "macp_oidc_sign_in"
_EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz", "/readyz", "/sign-in/", "/sign-out/", "/two-factor/", "/oidc/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MACP_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.session.get(OIDC_SESSION_FLAG)
            and not request.path.startswith(_EXEMPT_PREFIXES)
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
            query = QueryDict(mutable=True)
            query["next"] = request.get_full_path()
            return redirect(f"{reverse(target)}?{query.urlencode(safe='/')}")
        return self.get_response(request)
