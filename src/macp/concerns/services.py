"""Evaluating the active alert rules for people whose picture changed, and acknowledging alerts.

An alert is acknowledged by a person with a note, for their agency; it is never dismissed silently (PRODUCT.md
"Say why"), and never closed for every agency by one."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from macp.concerns.models import Alert, AlertAcknowledgement, AlertRule
from macp.concerns.rules import KINDS, household_of
from macp.people.models import Person


def active_rules() -> list[AlertRule]:
    """The newest version of each rule, when that version is active (a new version switched off turns the rule
    off; it does not bring back the version before it)."""
    newest = {}
    for rule in AlertRule.objects.order_by("code", "-version"):
        newest.setdefault(rule.code, rule)
    return [rule for rule in newest.values() if rule.active]


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
                        raised.append(
                            Alert.objects.create(
                                person=person,
                                rule=rule,
                                title=finding.title or rule.title,
                                reason=finding.reason,
                                evidence=finding.evidence,
                                fingerprint=fingerprint,
                                raised_at=timezone.now(),
                            )
                        )
                except IntegrityError:
                    continue
    return raised


def raise_alert(
    person: Person, rule_code: str, reason: str, evidence: list[dict], title: str | None = None
) -> Alert | None:
    """Raise an alert of a rule whose kind is `raised_on_record`, from the domain that saw it happen; the same
    evidence raises it once. Returns None when it was already raised or the rule is not active."""
    rule = next((r for r in active_rules() if r.code == rule_code), None)
    if rule is None:
        return None
    fingerprint = _fingerprint(evidence)
    alert, created = Alert.objects.get_or_create(
        person=person,
        rule=rule,
        fingerprint=fingerprint,
        defaults={"title": title or rule.title, "reason": reason, "evidence": evidence, "raised_at": timezone.now()},
    )
    return alert if created else None


def evaluate_all(progress=None) -> int:
    ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), 500):
        total += len(evaluate(ids[start : start + 500], include_households=False))
        if progress:
            progress(min(start + 500, len(ids)), len(ids))
    return total


def acknowledge(alert: Alert, user, note: str) -> AlertAcknowledgement:
    """The user's agency acknowledges the alert. Other agencies' view of it is unchanged: each acts on it for itself."""
    note = (note or "").strip()
    if not user.agency_id:
        raise PermissionError("Alerts are acknowledged by an agency.")
    if not note:
        raise ValueError("Say what you have done or decided about this alert.")
    if AlertAcknowledgement.objects.filter(alert=alert, agency_id=user.agency_id).exists():
        raise ValueError("Your agency has already acknowledged this alert.")
    try:
        with transaction.atomic():
            return AlertAcknowledgement.objects.create(
                alert=alert, agency_id=user.agency_id, user=user, at=timezone.now(), note=note
            )
    except IntegrityError:
        raise ValueError("Your agency has already acknowledged this alert.") from None


def alerts_for(person: Person, viewer=None) -> list[Alert]:
    """The person's alerts, each with `status` and `acknowledgement` as the viewer's agency sees them."""
    alerts = list(Alert.objects.filter(person=person).select_related("rule"))
    agency_id = getattr(viewer, "agency_id", None)
    mine = (
        {
            a.alert_id: a
            for a in AlertAcknowledgement.objects.filter(alert__in=alerts, agency_id=agency_id).select_related("user")
        }
        if agency_id
        else {}
    )
    for alert in alerts:
        alert.acknowledgement = mine.get(alert.pk)
        alert.status = Alert.Status.ACKNOWLEDGED if alert.acknowledgement else Alert.Status.OPEN
    return alerts
