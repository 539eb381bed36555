"""Validation of an agency's batch (CONTRACTS.md §3): every problem found, each with where it is and why.

A bad batch is rejected whole; nothing is half-imported. An NHS number that fails its checksum is not an error:
it is kept as written, flagged, and never used to match (NHS Data Dictionary: modulus 11 check digit).
"""

import dataclasses
import datetime as dt
from typing import Any

from macp.accounts.models import Agency
from macp.core import nhs_number
from macp.core.problems import Problem
from macp.core.text import without_controls
from macp.people.models import EventType, InvolvementRole, RelationshipType

KINDS = ("person", "relationship", "involvement", "event")
SEX_CODES = {"F", "M", "X", "U", ""}
MAX_RECORDS = 10_000


@dataclasses.dataclass
class CleanRecord:
    index: int
    kind: str
    source_id: str
    data: dict
    warnings: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (field, message)

    @property
    def references(self) -> list[tuple[str, str]]:
        """(role, person source_id) pairs this record names."""
        if self.kind == "relationship":
            return [("from", self.data["from"]), ("to", self.data["to"])]
        if self.kind == "involvement":
            return [("person", self.data["person"])]
        if self.kind == "event":
            return [("persons", ref) for ref in self.data["persons"]]
        return []


class _Checker:
    def __init__(self, index: int, record: dict, problems: list[Problem]):
        self.index, self.record, self.problems = index, record, problems

    def fail(self, field: str, msg: str) -> None:
        self.problems.append(Problem(["records", self.index, field], msg))

    def text(self, field: str, *, required: bool = False, max_length: int = 200) -> str | None:
        value = self.record.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, "Required: give a value")
            return None if value is None else ""
        if not isinstance(value, str):
            self.fail(field, "Must be text")
            return None
        value = without_controls(value.strip())  # control characters from another system break DOCX and SVG
        if len(value) > max_length:
            self.fail(field, f"Too long: at most {max_length} characters")
        return value

    def date(self, field: str) -> str | None:
        value = self.record.get(field)
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.fail(field, "Must be a date as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else self._bad_date(field, value)
        except ValueError:
            return self._bad_date(field, value)

    def _bad_date(self, field: str, value: str) -> None:
        self.fail(field, f"Not a real date as YYYY-MM-DD: {value!r}")
        return None

    def datetime(self, field: str) -> str | None:
        value = self.record.get(field)
        if value in (None, ""):
            self.fail(field, "Required: give the date and time with its offset, e.g. 2026-10-01T10:30:00+01:00")
            return None
        try:
            parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            self.fail(field, f"Not a date and time in ISO 8601: {value!r}")
            return None
        if parsed.tzinfo is None:
            self.fail(field, "Give the UTC offset too, e.g. +01:00 or Z")
            return None
        return parsed.isoformat()

    def choice(self, field: str, allowed, *, required: bool = True) -> str | None:
        value = self.record.get(field)
        if value in (None, "") and not required:
            return None
        if value not in allowed:
            self.fail(field, f"Unknown value {value!r}: use one of {', '.join(sorted(a for a in allowed if a))}")
            return None
        return value

    def period(self) -> tuple[str | None, str | None]:
        start, end = self.date("start"), self.date("end")
        if start and end and end < start:
            self.fail("end", "The end is before the start")
        return start, end


def _garbled_date(c: _Checker, field: str) -> tuple[str | None, str | None]:
    """(the date, the value as sent if it is not a real date). A garbled date of birth is data, not a reason to
    refuse the batch (issue 15): the record is kept, the value kept as sent and compared as text, never as a date."""
    value = c.record.get(field)
    if not isinstance(value, str) or not value.strip():
        return c.date(field), None
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat(), None
    except ValueError:
        pass
    return None, value[:40]


def _person(c: _Checker, today: dt.date) -> dict:
    dob, dob_as_sent = _garbled_date(c, "date_of_birth")
    data = {
        "given_name": c.text("given_name", max_length=100),
        "family_name": c.text("family_name", max_length=100),
        "date_of_birth": dob,
        "expected_date_of_birth": c.date("expected_date_of_birth"),
        "sex": c.choice("sex", SEX_CODES, required=False) or "U",
        "nhs_number": c.text("nhs_number", max_length=20),
        "postcode": c.text("postcode", max_length=10),
        "address": c.text("address", max_length=300),
    }
    if dob_as_sent:
        data["date_of_birth_as_sent"] = dob_as_sent
    if data["date_of_birth"] and data["date_of_birth"] > today.isoformat():
        c.fail("date_of_birth", "Date of birth is in the future: for an unborn baby use expected_date_of_birth")
    if not any(
        data.get(k)
        for k in (
            "given_name",
            "family_name",
            "nhs_number",
            "date_of_birth",
            "date_of_birth_as_sent",
            "expected_date_of_birth",
        )
    ):
        c.fail(
            "given_name",
            "A person record needs at least a name, a date of birth, an expected date of birth or an NHS number",
        )
    return data


def _relationship(c: _Checker) -> dict:
    start, end = c.period()
    data = {
        "from": c.text("from", required=True, max_length=120),
        "to": c.text("to", required=True, max_length=120),
        "type": c.choice("type", set(RelationshipType.values)),
        "start": start,
        "end": end,
    }
    if data["from"] and data["from"] == data["to"]:
        c.fail("to", "A relationship needs two different people")
    return data


def _involvement(c: _Checker, agency_codes: set[str]) -> dict:
    start, end = c.period()
    data = {
        "person": c.text("person", required=True, max_length=120),
        "agency": c.text("agency", required=True, max_length=64),
        "role": c.choice("role", set(InvolvementRole.values)),
        "start": start,
        "end": end,
        "worker_name": c.text("worker_name", max_length=200),
    }
    if data["agency"] and data["agency"] not in agency_codes:
        c.fail("agency", f"Unknown agency {data['agency']!r}: GET /api/v1/agencies lists the codes")
    return data


def _event(c: _Checker) -> dict:
    persons = c.record.get("persons")
    if not isinstance(persons, list) or not persons or not all(isinstance(p, str) and p.strip() for p in persons):
        c.fail("persons", "Give a list of one or more person source_ids")
        persons = []
    return {
        "persons": [p.strip() for p in persons],
        "type": c.choice("type", set(EventType.values)),
        "occurred_at": c.datetime("occurred_at"),
        "summary": c.text("summary", max_length=2000),
    }


def validate_records(
    records: Any, *, known_person_ids: set[str], today: dt.date
) -> tuple[list[CleanRecord], list[Problem]]:
    """Check every record; return the clean records and every problem. `known_person_ids` are this agency's person
    records from earlier batches, which references may name."""
    problems: list[Problem] = []
    if not isinstance(records, list) or not records:
        return [], [Problem(["records"], "Give a list of one or more records")]
    if len(records) > MAX_RECORDS:
        return [], [Problem(["records"], f"At most {MAX_RECORDS} records in one batch: split it")]
    agency_codes = set(Agency.objects.values_list("code", flat=True))
    clean: list[CleanRecord] = []
    checked: list[CleanRecord] = []  # every record whose kind is known, clean or not, so references are checked too
    seen: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(Problem(["records", index], "Each record must be an object"))
            continue
        c = _Checker(index, record, problems)
        kind = c.choice("kind", set(KINDS))
        source_id = c.text("source_id", required=True, max_length=120)
        if kind is None or not source_id:
            continue
        if (kind, source_id) in seen:
            c.fail("source_id", f"Repeats the {kind} record at index {seen[(kind, source_id)]}")
            continue
        seen[(kind, source_id)] = index
        before = len(problems)
        if kind == "person":
            data = _person(c, today)
        elif kind == "relationship":
            data = _relationship(c)
        elif kind == "involvement":
            data = _involvement(c, agency_codes)
        else:
            data = _event(c)
        item = CleanRecord(index, kind, source_id, data)
        checked.append(item)
        if len(problems) == before:
            if kind == "person" and data["nhs_number"] and not nhs_number.is_valid(data["nhs_number"]):
                item.warnings.append(
                    ("nhs_number", "NHS number fails its checksum: kept as written, not used to match")
                )
            if kind == "person" and data.get("date_of_birth_as_sent"):
                item.warnings.append(
                    (
                        "date_of_birth",
                        f"Not a real date as YYYY-MM-DD: "
                        f"{data['date_of_birth_as_sent']!r} kept as sent, compared as text only",
                    )
                )
            clean.append(item)
    person_ids = known_person_ids | {r.source_id for r in clean if r.kind == "person"}
    person_ids |= {sid for (kind, sid) in seen if kind == "person"}
    for item in checked:
        for role, ref in item.references:
            if ref and ref not in person_ids:
                field = "persons" if role == "persons" else role
                problems.append(
                    Problem(
                        ["records", item.index, field],
                        f"No person record {ref!r} from this agency, in this batch or an earlier one",
                    )
                )
    problems.sort(key=lambda p: [str(x).zfill(8) if isinstance(x, int) else str(x) for x in p.loc])
    return clean, problems
