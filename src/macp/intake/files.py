"""Reading agency record files: JSON in the shape of the API batch, or CSV with one record a row.

CSV columns: `kind,source_id` and then the fields of that kind (CONTRACTS.md §3); an event's `persons` are
separated by `;`. Empty cells are missing values. Problems name the file, the row and the column.
"""

import csv
import hashlib
import json
from pathlib import Path

CSV_FIELDS = {
    "person": ["given_name", "family_name", "date_of_birth", "expected_date_of_birth", "sex", "nhs_number", "postcode", "address"],
    "relationship": ["from", "to", "type", "start", "end"],
    "involvement": ["person", "agency", "role", "start", "end", "worker_name"],
    "event": ["persons", "type", "occurred_at", "summary"],
}


class FileProblem(ValueError):
    pass


def read_records(path: Path) -> tuple[list[dict], str | None, list[int]]:
    """(records, batch_id from the file if it names one, the file line of each record)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FileProblem(f"{path}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})") from None
        if isinstance(data, dict):
            records = data.get("records")
            return records if isinstance(records, list) else [], data.get("batch_id"), []
        if isinstance(data, list):
            return data, None, []
        raise FileProblem(f"{path}: expected a batch object or a list of records")
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"kind", "source_id"} <= set(reader.fieldnames):
        raise FileProblem(f"{path}: row 1: the header needs the columns kind and source_id")
    records, lines = [], []
    for row in reader:
        kind = (row.get("kind") or "").strip()
        record = {"kind": kind, "source_id": (row.get("source_id") or "").strip()}
        for field in CSV_FIELDS.get(kind, []):
            value = (row.get(field) or "").strip()
            if field == "persons":
                record[field] = [p.strip() for p in value.split(";") if p.strip()]
            else:
                record[field] = value or None
        records.append(record)
        lines.append(reader.line_num)
    return records, None, lines


def batch_id_for(path: Path) -> str:
    """The same file imported twice is the same batch."""
    return f"file-{path.name}-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
