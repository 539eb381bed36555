"""OpenID Connect sign-in (mozilla-django-oidc), switched on when OIDC_RP_CLIENT_ID is set.

The identity provider is the source of truth: at every sign-in the user's names, email, agency and roles are set
from its claims.

- username: ``preferred_username`` (or ``sub`` when there is none);
- names and email: ``given_name``, ``family_name``, ``email``;
- agency: the claim named by ``OIDC_AGENCY_CLAIM``, an agency code. An unknown or inactive agency refuses the
  sign-in (and creates no user);
- roles: the claim named by ``OIDC_ROLES_CLAIM``, a list of role codes (accounts.models.Role). Unknown codes are
  ignored; no known code refuses the sign-in. Only a user whose one role is ``system_admin`` may have no agency.

A refused sign-in is logged (logger ``macp.accounts.oidc``) with the reason and sends the person back to the
sign-in page with a message. The provider enforces its own second factor, so a session signed in through it is
flagged (``OIDC_SESSION_FLAG``) and our TOTP step is skipped.

``urlpatterns`` here are mozilla-django-oidc's views marked as reachable without signing in (Django's
LoginRequiredMiddleware would otherwise send the provider's callback to the sign-in page): mount them with
``path("oidc/", include("macp.accounts.oidc"))``.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView, OIDCLogoutView

from macp.accounts.middleware import OIDC_SESSION_FLAG
from macp.accounts.models import Agency, Role, UserRole

LOGGER = logging.getLogger(__name__)
BACKEND_PATH = "macp.accounts.oidc.MacpOIDCBackend"


class SignInRefused(SuspiciousOperation):
    """The provider vouched for someone we cannot let in (unknown agency, no role, ...)."""


class MacpOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            # A token that fails its signature, nonce or expiry check: refuse, say why in the log.
            LOGGER.warning("OIDC sign-in refused: %s", error)
        except requests.RequestException as error:
            LOGGER.error("OIDC sign-in failed: the identity provider did not answer properly: %s", error)
        return None

    # Claims ---------------------------------------------------------------------------------------------------

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's on top when there is one (OIDC Core 5.3.2: its
        ``sub`` must match the ID token's)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SignInRefused("the userinfo 'sub' does not match the ID token's")
            claims.update(userinfo)
        return claims

    @staticmethod
    def username_from_claims(claims) -> str:
        return str(claims.get("preferred_username") or claims.get("sub") or "").strip()

    def verify_claims(self, claims):
        return bool(self.username_from_claims(claims))

    def describe_user_by_claims(self, claims):
        return f"username {self.username_from_claims(claims)!r}"

    def filter_users_by_claims(self, claims):
        username = self.username_from_claims(claims)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username)

    def mapping(self, claims) -> tuple[Agency | None, list[str]]:
        """The agency and roles the claims give, or SignInRefused saying why not."""
        who = self.describe_user_by_claims(claims)
        if len(self.username_from_claims(claims)) > self.UserModel._meta.get_field("username").max_length:
            raise SignInRefused(f"{who} is longer than a username may be")
        role_claim = claims.get(settings.OIDC_ROLES_CLAIM) or []
        if isinstance(role_claim, str):
            role_claim = role_claim.replace(",", " ").split()
        asked = [str(code) for code in role_claim]
        roles = list(dict.fromkeys(code for code in asked if code in Role.values))
        ignored = sorted(set(asked) - set(roles))
        if ignored:
            LOGGER.info("OIDC sign-in for %s: ignoring unknown role codes %s", who, ", ".join(ignored))
        if not roles:
            raise SignInRefused(
                f"{who} has no known role in claim {settings.OIDC_ROLES_CLAIM!r} (got {asked!r}); "
                f"role codes are {', '.join(Role.values)}"
            )
        agency_code = str(claims.get(settings.OIDC_AGENCY_CLAIM) or "").strip()
        agency = None
        if agency_code:
            agency = Agency.objects.filter(code=agency_code).first()
            if agency is None:
                raise SignInRefused(
                    f"{who} has agency {agency_code!r} in claim {settings.OIDC_AGENCY_CLAIM!r}, which is not a known agency code"
                )
            if not agency.active:
                raise SignInRefused(f"{who} has agency {agency_code!r}, which is not active")
        elif roles != [Role.SYSTEM_ADMIN]:
            raise SignInRefused(
                f"{who} has no agency in claim {settings.OIDC_AGENCY_CLAIM!r}: only a user whose one role is "
                "system_admin may have none"
            )
        return agency, roles

    # Users ----------------------------------------------------------------------------------------------------

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            audience = payload.get("aud")
            audience = [audience] if isinstance(audience, str) else list(audience or [])
            if self.OIDC_RP_CLIENT_ID not in audience:
                raise SignInRefused(f"the ID token is for audience {audience!r}, not this service")
            user = super().get_or_create_user(access_token, id_token, payload)
        except SignInRefused as error:
            LOGGER.warning("OIDC sign-in refused: %s", error)
            return None
        if user is not None and not user.is_active:
            LOGGER.warning("OIDC sign-in refused: user %r is deactivated here", user.username)
            return None
        return user

    @transaction.atomic
    def create_user(self, claims):
        agency, roles = self.mapping(claims)
        user = self.UserModel(username=self.username_from_claims(claims))
        user.set_unusable_password()  # signs in through the provider only
        return self._apply(user, claims, agency, roles)

    @transaction.atomic
    def update_user(self, user, claims):
        agency, roles = self.mapping(claims)
        return self._apply(user, claims, agency, roles)

    def _apply(self, user, claims, agency, roles):
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.email = str(claims.get("email") or "")
        if user.agency_id != (agency.pk if agency else None):
            user.agency = agency
            if user.team_id and (agency is None or user.team.agency_id != agency.pk):
                user.team = None
        user.is_staff = Role.SYSTEM_ADMIN in roles
        user.save()
        UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
        have = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
        UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles if role not in have])
        user._role_codes = frozenset(roles)
        return user


@receiver(user_logged_in, dispatch_uid="macp.accounts.oidc.flag_session")
def flag_oidc_session(sender, request, user, **kwargs):
    """Mark sessions signed in through the provider (it enforces MFA); clear the mark on any other sign-in."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.get(BACKEND_SESSION_KEY) == BACKEND_PATH:
        session[OIDC_SESSION_FLAG] = True
    else:
        session.pop(OIDC_SESSION_FLAG, None)


class CallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        if not self.request.GET.get("error"):
            messages.error(
                self.request,
                "You could not be signed in with your organisation's account. Ask your system administrator to check "
                "your agency and role are set up for this service.",
            )
        else:
            messages.error(self.request, "Signing in with your organisation's account was cancelled or failed.")
        return HttpResponseRedirect(reverse("accounts:sign_in"))


urlpatterns = [
    path("callback/", login_not_required(CallbackView.as_view()), name="oidc_authentication_callback"),
    path("authenticate/", login_not_required(OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
    path("logout/", OIDCLogoutView.as_view(), name="oidc_logout"),
]
