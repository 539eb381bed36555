"""Reference numbers people can read out on the phone: PREFIX-YYYY-NNNNNN, never reused."""

from django.db import transaction
from django.db.models import F

from macp.core.models import Sequence


def next_reference(prefix: str, year: int, width: int = 6) -> str:
    name = f"{prefix}-{year}"
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + 1)
        value = Sequence.objects.get(name=name).value
    return f"{name}-{value:0{width}d}"
