"""The person page's sections from the domains above people (decision 0001: people imports no domain).

A domain registers, in its AppConfig.ready, a function that gives what its section of the page needs; the page
(people.views.person_detail) calls every registered function for the opened person and passes each result to the
template under the registered name, where the domain's own include shows it. The person has already been opened
through access.open_person: a section shows only what may be shown to whoever may open the person.

    # macp/strategy/apps.py
    def ready(self):
        from macp.people import sections
        from macp.strategy.meeting import for_child

        sections.register("child_strategy", lambda person, user: for_child(person))
"""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any, Any], Any]  # (person, user) -> what the section's template needs

_sections: dict[str, Section] = {}


def register(name: str, section: Section) -> None:
    """Register (or replace) the section `name`: the template variable its include reads."""
    _sections[name] = section


def for_page(person, user) -> dict[str, Any]:
    """Every registered section for the opened person, by name."""
    return {name: section(person, user) for name, section in _sections.items()}
