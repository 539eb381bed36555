"""Reading agency record files: JSON in the shape of the API batch, or CSV with one record a row.

CSV columns: `kind,source_id` and then the fields of that kind (CONTRACTS.md §3); an event's `persons` are
separated by `;`. Empty cells are missing values. Problems name the file, the row and the column.
"""

import codecs
import csv
import hashlib
import json
from pathlib import Path

from macp.core.text import MAX_JSON_DEPTH, json_problems

CSV_FIELDS = {
    "person": [
        "given_name",
        "family_name",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "nhs_number",
        "postcode",
        "address",
    ],
    "relationship": ["from", "to", "type", "start", "end"],
    "involvement": ["person", "agency", "role", "start", "end", "worker_name"],
    "event": ["persons", "type", "occurred_at", "summary"],
}


class FileProblem(ValueError):
    pass


def read_records(path: Path) -> tuple[list[dict], str | None, list[int]]:
    """(records, batch_id from the file if it names one, the file line of each record)."""
    text = _decode(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FileProblem(
                f"{path}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
            ) from None
        except RecursionError:
            raise FileProblem(
                f"{path}: nested more than {MAX_JSON_DEPTH} levels deep: not a batch of records"
            ) from None
        for problem in json_problems(data):
            where = (
                ("record " + str(int(problem["loc"][1]) + 1) + ", ")
                if problem["loc"][:1] == ["records"] and len(problem["loc"]) > 1
                else ""
            )
            raise FileProblem(f"{path}: {where}{'.'.join(problem['loc'][2:] or problem['loc'])}: {problem['msg']}")
        if isinstance(data, dict):
            records = data.get("records")
            return records if isinstance(records, list) else [], data.get("batch_id"), []
        if isinstance(data, list):
            return data, None, []
        raise FileProblem(f"{path}: expected a batch object or a list of records")
    reader = csv.DictReader(text.splitlines())
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise FileProblem(f"{path}: row 1: {_csv_message(error)}") from None
    if not fieldnames or not {"kind", "source_id"} <= set(fieldnames):
        raise FileProblem(f"{path}: row 1: the header needs the columns kind and source_id")
    records, lines = [], []
    try:
        for row in reader:
            _add_row(reader, row, records, lines)
    except csv.Error as error:
        raise FileProblem(f"{path}: row {reader.line_num + 1}: {_csv_message(error)}") from None
    return records, None, lines


def _decode(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with one; anything else is refused naming the line."""
    data = path.read_bytes()
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(f"{path}: starts as UTF-16 but is not valid UTF-16") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"{path}: row {line}: byte {data[error.start]:#04x} is not UTF-8 text. Save the file as UTF-8 "
            "(in Excel: CSV UTF-8) and import it again."
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileProblem(f"{path}: row {line}: contains a NUL character (is it a binary file?)")
    return text


def _csv_message(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a value is longer than {csv.field_size_limit() // 1024} KiB, more than any record field can hold"
    return f"not readable as CSV ({error})"


def _add_row(reader, row: dict, records: list, lines: list) -> None:
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


def batch_id_for(path: Path) -> str:
    """The same file imported twice is the same batch."""
    return f"file-{path.name}-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
