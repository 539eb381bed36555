"""Template context for every page: MASH enquiries to the user's agency, for the navigation."""

from macp.referrals.services import mash_counts


def mash_waiting(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.agency_id:
        return {}
    waiting, total = mash_counts(user.agency_id)
    return {"mash_waiting": waiting, "mash_any": total > 0}
