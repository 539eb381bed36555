"""Transfers of a child's case between councils and between teams (CONTRACTS.md §11; seed 003 Child Alex, whose
case moved between councils with no transfer date, so that each thought the other held it).

Who holds a child's case on a date is a set of `Responsibility` periods per child, [valid_from, valid_to) with an
empty valid_to for the open period. The database, not the code, guarantees they never overlap:
- PostgreSQL: an exclusion constraint over daterange(valid_from, valid_to) per child (btree_gist), added by
  migration 0002 (see docs/decisions/0010-one-council-responsible.md);
- every database: at most one open period per child (a partial unique constraint) and valid_to > valid_from.
On SQLite, which has no exclusion constraints, the service changes periods only by closing the open period with
a conditional UPDATE and then inserting the next one in the same transaction; SQLite serialises writers, so the
second of two concurrent accepts finds no open period held by the sender and is refused.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from macp.accounts.models import Agency, LocalAuthority, Team
from macp.people.models import Person


class Kind(models.TextChoices):
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Looked after"


class Transfer(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    to_local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    from_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A move between teams of one council names the receiving team",
    )
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    responsibility_from = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    conference_due = models.DateField(null=True, blank=True, help_text="Child protection transfer-in conference")

    class Meta:
        ordering = ["-proposed_at"]

    @property
    def reference(self) -> str:
        return f"TR-{self.pk}"

    @property
    def is_team_move(self) -> bool:
        return self.from_local_authority_id == self.to_local_authority_id


class TransferStep(models.Model):
    """The transfer's history, seen by both councils."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class Responsibility(models.Model):
    """A council (and team) holding a child's case from valid_from up to, not including, valid_to."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="responsibilities")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    transfer = models.ForeignKey(
        Transfer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The accepted transfer that began it; empty when drawn from the allocation",
    )

    class Meta:
        ordering = ["child", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(valid_to__isnull=True), name="one_open_responsibility_per_child"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="responsibility_period_not_empty",
            ),
        ]
