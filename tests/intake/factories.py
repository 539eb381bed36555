"""Agency source records as the integration API takes them (POST /api/v1/source-records, CONTRACTS.md §3): small
builders for the record dicts, and `send` to post a batch. Shared by every package whose tests start from what
agencies sent (identity, access, concerns, notifications, outofhours, strategy, the browser journeys)."""


def send(client, source, batch_id, records):
    """Post one batch of records from the agency `source` through the API client `client`; returns the response."""
    return client.post(
        "/api/v1/source-records",
        {"source": source, "batch_id": batch_id, "records": records},
        content_type="application/json",
    )


def person(sid, given, family, dob, sex, nhs=None, postcode="SV1 2AB", address="1 Example Road", **extra):
    """A person record (`sid` is the agency's own id for the person)."""
    return {
        "kind": "person",
        "source_id": sid,
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "sex": sex,
        "nhs_number": nhs,
        "postcode": postcode,
        "address": address,
        **extra,
    }


def involve(sid, who, agency, role, start="2024-01-01"):
    """An involvement record: `agency` is involved with the person whose source id is `who`, in `role`."""
    return {"kind": "involvement", "source_id": sid, "person": who, "agency": agency, "role": role, "start": start}


def relate(sid, a, b, type_):
    """A relationship record from the person `a` to the person `b` (source ids)."""
    return {"kind": "relationship", "source_id": sid, "from": a, "to": b, "type": type_}


def event(sid, persons, type_, when, summary="") -> dict:
    """An event record about the persons (source ids) at `when` (ISO 8601)."""
    return {
        "kind": "event",
        "source_id": sid,
        "persons": persons,
        "type": type_,
        "occurred_at": when,
        "summary": summary,
    }
