"""Evaluating the active alert rules for people whose picture changed, and acknowledging alerts.

An alert is acknowledged by a person with a note; it is never dismissed silently (PRODUCT.md "Say why")."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from macp.concerns.models import Alert, AlertRule
from macp.concerns.rules import KINDS, household_of
from macp.people.models import Person


def active_rules() -> list[AlertRule]:
    """The newest active version of each rule."""
    newest = {}
    for rule in AlertRule.objects.filter(active=True).order_by("code", "-version"):
        newest.setdefault(rule.code, rule)
    return list(newest.values())


def _fingerprint(evidence: list[dict]) -> str:
    canonical = json.dumps(sorted((e["source"], e["source_id"]) for e in evidence))
    return hashlib.sha256(canonical.encode()).hexdigest()


def evaluate(person_ids, *, include_households: bool = True) -> list[Alert]:
    """Run every active rule for these people (and, since rules look at households, everyone living with them)."""
    ids = set(person_ids)
    if include_households:
        for person in Person.objects.filter(pk__in=list(ids)):
            ids.update(household_of(person))
    rules = active_rules()
    raised = []
    for person in Person.objects.filter(pk__in=list(ids), merged_into__isnull=True):
        for rule in rules:
            for finding in KINDS[rule.kind](rule, person):
                fingerprint = _fingerprint(finding.evidence)
                if Alert.objects.filter(person=person, rule__code=rule.code, fingerprint=fingerprint).exists():
                    continue
                try:
                    with transaction.atomic():
                        raised.append(Alert.objects.create(
                            person=person, rule=rule, title=finding.title or rule.title, reason=finding.reason,
                            evidence=finding.evidence, fingerprint=fingerprint, raised_at=timezone.now()))
                except IntegrityError:
                    continue
    return raised


def raise_alert(person: Person, rule_code: str, reason: str, evidence: list[dict], title: str | None = None) -> Alert | None:
    """Raise an alert of a rule whose kind is `raised_on_record`, from the domain that saw it happen; the same
    evidence raises it once. Returns None when it was already raised or the rule is not active."""
    rule = next((r for r in active_rules() if r.code == rule_code), None)
    if rule is None:
        return None
    fingerprint = _fingerprint(evidence)
    alert, created = Alert.objects.get_or_create(
        person=person, rule=rule, fingerprint=fingerprint,
        defaults={"title": title or rule.title, "reason": reason, "evidence": evidence, "raised_at": timezone.now()})
    return alert if created else None


def evaluate_all(progress=None) -> int:
    ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), 500):
        total += len(evaluate(ids[start:start + 500], include_households=False))
        if progress:
            progress(min(start + 500, len(ids)), len(ids))
    return total


def acknowledge(alert: Alert, user, note: str) -> Alert:
    note = (note or "").strip()
    if not note:
        raise ValueError("Say what you have done or decided about this alert.")
    if alert.status == Alert.Status.ACKNOWLEDGED:
        raise ValueError("This alert has already been acknowledged.")
    alert.status, alert.acknowledged_by, alert.acknowledged_at, alert.acknowledgement_note = (
        Alert.Status.ACKNOWLEDGED, user, timezone.now(), note)
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "acknowledgement_note"])
    return alert


def alerts_for(person: Person):
    return Alert.objects.filter(person=person).select_related("rule", "acknowledged_by")
