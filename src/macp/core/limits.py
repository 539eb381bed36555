"""Rate limits on the doors a stranger can knock on: sign-in, bearer tokens, and requests for help.

Counted in the configured cache by django-ratelimit (Redis when REDIS_URL is set, so every web worker shares one
count; otherwise each process counts for itself, which still bounds a flood). Rates are settings (RATE_LIMITS) so a
partnership can tune them: council and NHS offices share one egress address, so the per-address limits are wide
and the per-account ones narrow.
"""

import functools

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited


def _rate(name: str) -> str | None:
    return settings.RATE_LIMITS.get(name) or None


def over_limit(request, name: str, key: str, increment: bool = True) -> bool:
    """Count this request against the named limit; True when it is over. `key` is django-ratelimit's key
    ("ip", "user", "post:username", "header:authorization" …)."""
    rate = _rate(name)
    if not rate or not settings.RATELIMIT_ENABLE:
        return False
    if increment:
        return is_ratelimited(request, group=f"macp:{name}", key=key, rate=rate, method=ALL, increment=True)
    # Looking without counting: would one more be over?
    usage = get_usage(request, group=f"macp:{name}", key=key, rate=rate, method=ALL, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def retry_after_seconds(name: str) -> int:
    """The period of the named rate, for a Retry-After header ("10/m" → 60)."""
    rate = _rate(name) or "1/m"
    unit = rate.split("/", 1)[1]
    count = "".join(ch for ch in unit if ch.isdigit()) or "1"
    per = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.lstrip("0123456789")[0]]
    return int(count) * per


class RateLimited(Exception):
    """Over a rate limit: pages answer a 429 page, the API the contract's error shape with 429."""

    def __init__(self, name: str):
        self.name = name
        self.retry_after = retry_after_seconds(name)
        super().__init__(f"Too many requests: try again in {self.retry_after} seconds.")


def limited(name: str, key: str, methods: tuple[str, ...] = ("POST",)):
    """A view decorator: count `methods` requests against the named limit and answer 429 when over it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and over_limit(request, name, key):
                return too_many_page(request, RateLimited(name))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def too_many_page(request, error: RateLimited):
    response = render(request, "core/too_many.html", {"seconds": error.retry_after}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response
