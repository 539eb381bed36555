"""One chronology per child and per family (CONTRACTS.md §9): dated significant events across every agency, each
with its source, who recorded it, its significance, whether it is confirmed, unclear or outstanding, and the
practitioner's analysis (Bristol CSPR 2024 recommendation f: chronologies from the strategy discussion onwards).

Reading a chronology is a read of the child's record: callers open the person with access.services.open_person
first (the views and the API do), so it is checked and audited like any read.
"""

import csv
import dataclasses
import datetime as dt
import io

from django.utils import timezone

from macp import documents
from macp.chronology.models import Analysis, ChronologyEntry, EntryStatus, Significance
from macp.chronology.registry import Entry, Scope, providers
from macp.core.formats import date_uk, datetime_uk
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.people.services import household_ids, is_child


def scope_for(person: Person, *, family: bool = False) -> Scope:
    """A child's chronology covers the child and the significant events of their household now; a family's covers
    every child living in the household."""
    household = frozenset(household_ids(person.pk))
    subjects = {person.pk}
    if family:
        subjects |= {p.pk for p in Person.objects.filter(pk__in=household) if is_child(p)}
    return Scope(person_id=person.pk, subjects=frozenset(subjects), household=household, family=family)


def entries(scope: Scope) -> list[Entry]:
    """Every provider's entries, with the practitioners' analysis applied, oldest first."""
    out = []
    for provider in providers().values():
        out.extend(provider(scope))
    # One record, one entry: a domain's entry that stands in for another's (a tool completion's people Event) wins.
    replaced = {e.replaces for e in out if e.replaces}
    if replaced:
        out = [e for e in out if e.key not in replaced]
    notes = {a.entry_key: a for a in Analysis.objects.filter(person_id=scope.person_id)}
    for entry in out:
        note = notes.get(entry.key) or (notes.get(entry.replaces) if entry.replaces else None)
        if note:
            entry.analysis = note.text
            entry.significance = note.significance or entry.significance
            entry.status = note.status or entry.status
    out.sort(key=lambda e: (e.occurred_at, e.key))
    tz = timezone.get_current_timezone()
    for entry in out:
        entry.when = datetime_uk(entry.occurred_at, tz=tz)
    return out


@dataclasses.dataclass(frozen=True)
class Filters:
    agency: str = ""
    type: str = ""
    significance: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def active(self) -> bool:
        return any((self.agency, self.type, self.significance, self.start, self.end))


def apply(rows: list[Entry], f: Filters) -> list[Entry]:
    def keep(e: Entry) -> bool:
        day = timezone.localtime(e.occurred_at).date()
        return (
            (not f.agency or e.source == f.agency)
            and (not f.type or e.type == f.type)
            and (not f.significance or (e.significance or "none") == f.significance)
            and (not f.start or day >= f.start)
            and (not f.end or day <= f.end)
        )

    return [e for e in rows if keep(e)] if f.active else rows


def facets(rows: list[Entry]) -> dict:
    """The agencies and types present, for the filter choices."""
    return {
        "agencies": sorted({(e.source, e.source_name) for e in rows}, key=lambda x: x[1]),
        "types": sorted({(e.type, e.type_label) for e in rows}, key=lambda x: x[1]),
    }


# ---- writing ------------------------------------------------------------------------------------------------------


def check_entry(
    user, occurred_at, type_: str, summary: str, significance: str | None, status: str | None
) -> list[Problem]:
    problems = []
    if not user.agency_id:
        problems.append(
            Problem(["agency"], "Entries are added by someone in an agency: the agency is the entry's source")
        )
    if occurred_at is None:
        problems.append(Problem(["occurred_at"], "Enter when it happened"))
    elif occurred_at > timezone.now() + dt.timedelta(minutes=5):
        problems.append(Problem(["occurred_at"], "When it happened must be in the past"))
    if not (type_ or "").strip():
        problems.append(Problem(["type"], "Say what kind of event it is"))
    if not (summary or "").strip():
        problems.append(Problem(["summary"], "Say what happened"))
    if significance and significance not in Significance.values:
        problems.append(Problem(["significance"], "Significance is high, medium or low"))
    if status and status not in EntryStatus.values:
        problems.append(Problem(["status"], "Status is confirmed, unclear or outstanding"))
    return problems


def add_entry(
    person: Person,
    user,
    occurred_at,
    type_: str,
    summary: str,
    significance: str | None = None,
    status: str | None = None,
) -> ChronologyEntry:
    problems = check_entry(user, occurred_at, type_, summary, significance, status)
    if problems:
        raise InvalidInput("The entry was not added.", problems)
    return ChronologyEntry.objects.create(
        person=person,
        occurred_at=occurred_at,
        type=type_.strip()[:40].replace(" ", "_").lower(),
        summary=summary.strip(),
        significance=significance or "",
        status=status or EntryStatus.CONFIRMED,
        source_id=user.agency_id,
        recorded_by=user,
    )


def write_analysis(
    person: Person, user, entry_key: str, text: str, significance: str = "", status: str = ""
) -> Analysis:
    problems = []
    if not user.agency_id:
        problems.append(Problem(["text"], "Analysis is written by someone in an agency"))
    if not (text or "").strip():
        problems.append(Problem(["text"], "Write what this entry tells us about the child"))
    if significance and significance not in Significance.values:
        problems.append(Problem(["significance"], "Significance is high, medium or low"))
    if status and status not in EntryStatus.values:
        problems.append(Problem(["status"], "Status is confirmed, unclear or outstanding"))
    if problems:
        raise InvalidInput("The analysis was not saved.", problems)
    analysis, _ = Analysis.objects.update_or_create(
        person=person,
        entry_key=entry_key,
        defaults={
            "text": text.strip(),
            "significance": significance,
            "status": status,
            "agency_id": user.agency_id,
            "written_by": user,
        },
    )
    return analysis


# ---- exports ------------------------------------------------------------------------------------------------------

COLUMNS = ["When", "Source", "Type", "What happened", "Significance", "Status", "Recorded by", "Analysis"]


def _row(e: Entry) -> list[str]:
    return [
        e.when,
        e.source_name,
        e.type_label,
        e.summary,
        (e.significance or "not rated").capitalize(),
        e.status.capitalize(),
        e.recorded_by,
        e.analysis,
    ]


def to_csv(rows: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["occurred_at", "source", "type", "summary", "significance", "status", "recorded_by", "analysis", "id"]
    )
    for e in rows:
        # A leading = + - @ would be run as a formula by a spreadsheet (CSV injection): quote it as text.
        cells = [
            e.occurred_at.isoformat(),
            e.source,
            e.type,
            e.summary,
            e.significance or "",
            e.status,
            e.recorded_by,
            e.analysis,
            e.key,
        ]
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
    return buffer.getvalue()


def document(person: Person, rows: list[Entry], *, family: bool, user) -> documents.Document:
    title = f"{'Family chronology' if family else 'Chronology'}: {person.full_name}"
    unclear = sum(e.status != "confirmed" for e in rows)
    return documents.Document(
        title=title,
        meta=[
            ("Produced", datetime_uk(timezone.now())),
            ("By", f"{user.display_name}, {user.agency.name if user.agency_id else ''}"),
            ("Date of birth", date_uk(person.date_of_birth)),
            ("Entries", str(len(rows))),
            ("Unclear or outstanding", str(unclear)),
        ],
        blocks=[documents.Table(header=COLUMNS, rows=[_row(e) for e in rows])],
        marking="OFFICIAL-SENSITIVE",
        footer="Multi-agency chronology: check each entry with its source before relying on it.",
    )
