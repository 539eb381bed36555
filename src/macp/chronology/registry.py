"""The providers a chronology is drawn from.

Each domain that keeps something a chronology should show registers one provider: a function given a Scope that
returns Entry objects. Chronology imports none of the domains above it (enquiries, and later out-of-hours, tools,
transfers register themselves in their AppConfig.ready); see docs/decisions/0009-chronology-providers-and-enquiries.md.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose chronology: the child (or the family's children) it is for, and the people whose significant events
    count (the household now)."""

    person_id: object  # the person whose chronology it is
    subjects: frozenset  # the child, or for a family chronology every child in the household
    household: frozenset  # everyone living with them now, the subjects included
    family: bool = False


@dataclasses.dataclass
class Entry:
    key: str  # stable id across reads, e.g. "event:123", "sd:4:decision"
    occurred_at: dt.datetime
    source: str  # agency code
    source_name: str
    type: str
    type_label: str
    summary: str
    significance: str | None = None  # high, medium, low, or None when nobody has said
    status: str = "confirmed"  # confirmed, unclear, outstanding
    recorded_by: str = ""
    about: tuple = ()  # person ids the entry is about (family chronology shows whose it is)
    link: str = ""  # where the record itself is, when there is a page for it
    analysis: str = ""
    when: str = ""  # occurred_at as shown (Europe/London), set by chronology.services.entries
    # The key of another provider's entry this one stands in for (a tool completion is also a people Event): that
    # entry is left out, and analysis written against its key stays with this one.
    replaces: str = ""


Provider = Callable[[Scope], Iterable[Entry]]
_providers: dict[str, Provider] = {}


def register(name: str) -> Callable[[Provider], Provider]:
    """@register("enquiries") def entries(scope): ... — one provider per name, so a reload does not add it twice."""

    def add(provider: Provider) -> Provider:
        _providers[name] = provider
        return provider

    return add


def providers() -> dict[str, Provider]:
    return dict(_providers)
