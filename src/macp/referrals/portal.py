"""The request-for-help question pages: a draft filled in step by step, checked by the same rules as the API
(services.validate), so the web form and agency systems can never disagree about what is required."""

import os
import re

import filetype
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
STEP_LOCS = {
    "referrer": ("referrer", "receiving_agency"),
    "children": ("children",),
    "adults": ("adults",),
    "consent": ("consent",),
    "concerns": ("concerns", "immediate_safety", "tried_universal", "early_help_plan"),
}
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
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


# What the first bytes say: a text file is one that reads as UTF-8 and is not markup a browser would run.
_MARKUP = re.compile(rb"^\s*<(!doctype|html|script|svg|\?xml|head|body|iframe)", re.IGNORECASE)
EXTENSIONS = {".jpeg": ".jpg"}


def content_type_of(head: bytes) -> str | None:
    """The file's type judged by its content (magic bytes), or None when it is none of ALLOWED_TYPES."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if b"\x00" in head or _MARKUP.match(head):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # a character cut at the end of the sample is fine
            return None
    return "text/plain"


def check_attachment(upload) -> str | None:
    """Checked by content, not by the name or the browser's word for it: an HTML page, a program named .pdf or an
    SVG sent as PNG is refused (OWASP File Upload Cheat Sheet: validate the file signature)."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        return "The file must be smaller than 10MB"
    if upload.size == 0:
        return "The selected file is empty"
    head = upload.read(8192)
    upload.seek(0)
    actual = content_type_of(head)
    extension = os.path.splitext(upload.name or "")[1].lower()
    if actual is None or upload.content_type != actual or EXTENSIONS.get(extension, extension) != ALLOWED_TYPES[actual]:
        return (
            "The file must be a PDF, Word document (.docx), JPG, PNG or text file, and its name must end the same way"
        )
    return None
