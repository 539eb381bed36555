"""The request-for-help question pages: a draft filled in step by step, checked by the same rules as the API
(services.validate), so the web form and agency systems can never disagree about what is required."""

import datetime as dt

from django.utils import timezone

from macp.core.problems import Problem
from macp.referrals.models import Draft
from macp.referrals.services import validate

STEPS = [
    ("referrer", "About you"),
    ("children", "The children"),
    ("adults", "Parents, carers and other adults"),
    ("consent", "Consent"),
    ("concerns", "What you are worried about"),
    ("attachments", "Documents"),
]
STEP_LOCS = {"referrer": ("referrer", "receiving_agency"), "children": ("children",), "adults": ("adults",),
             "consent": ("consent",), "concerns": ("concerns", "immediate_safety", "tried_universal", "early_help_plan")}
ALLOWED_TYPES = {
    "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10


def next_step(step: str) -> str:
    names = [name for name, _ in STEPS]
    index = names.index(step)
    return names[index + 1] if index + 1 < len(names) else "check"


def problems_for(draft: Draft, step: str, user) -> list[Problem]:
    _, problems = validate(draft.data, user, timezone.localdate())
    prefixes = STEP_LOCS.get(step, ())
    return [p for p in problems if str(p.loc[0]) in prefixes]


def all_problems(draft: Draft, user) -> list[Problem]:
    return validate(draft.data, user, timezone.localdate())[1]


def date_from_parts(day: str, month: str, year: str) -> tuple[str | None, str | None]:
    """(ISO date, error) from the three boxes of a GOV.UK date input."""
    parts = [p.strip() for p in (day, month, year)]
    if not any(parts):
        return None, None
    if not all(parts):
        return None, "must include a day, month and year"
    try:
        value = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None, "must be a real date"
    if value.year < 1900:
        return None, "must be a real date"
    return value.isoformat(), None


def date_parts(value: str | None) -> dict:
    if not value:
        return {"day": "", "month": "", "year": ""}
    date = dt.date.fromisoformat(value)
    return {"day": str(date.day), "month": str(date.month), "year": str(date.year)}


def check_attachment(upload) -> str | None:
    if upload.content_type not in ALLOWED_TYPES:
        return "The file must be a PDF, Word document (.docx), JPG, PNG or text file"
    if upload.size > MAX_ATTACHMENT_BYTES:
        return "The file must be smaller than 10MB"
    if upload.size == 0:
        return "The selected file is empty"
    return None
