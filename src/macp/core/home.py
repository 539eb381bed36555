"""Panels on the home page, registered by the domains above core (core knows none of them).

A domain registers a function `panel(user) -> dict | None` in its AppConfig.ready(); the dict names the template
that draws it ("template") and carries what that template needs. The home page (the worktray, or a partnership's
dashboard) draws every panel that is not None, in the order registered, with {% for p in home_panels(user) %}.
"""

from collections.abc import Callable

_PANELS: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def panels_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [found for panel in _PANELS if (found := panel(user))]
