"""Role checks for views: the role codes of CONTRACTS.md §2."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise PermissionDenied(f"Needs one of the roles: {', '.join(roles)}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
