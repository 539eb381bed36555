"""The roles and responsibilities directory (Bristol CSPR recommendation h; seed 002: "a better understanding of the
roles and responsibilities of agencies supporting the family"): for each agency type, its role in child
protection, its statutory duties, what it brings to a strategy discussion, contacts and the out-of-hours route.

One entry per accounts.AgencyType, filled from data/agency_roles.toml where missing and maintained by system
administrators on the directory's pages (each change is an accounts.AdminEvent).
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import AgencyType


class AgencyRole(models.Model):
    agency_type = models.CharField(max_length=32, choices=AgencyType.choices, unique=True)
    role = models.TextField(help_text="What this kind of agency does in child protection, in plain English")
    duties = models.TextField(help_text="Statutory duties and expectations, one per line")
    at_strategy_discussion = models.TextField(blank=True, help_text="What it brings to a strategy discussion")
    contacts = models.TextField(blank=True, help_text="How to reach it, one per line")
    out_of_hours = models.TextField(blank=True, help_text="The out-of-hours route")
    source = models.CharField(max_length=300, blank=True, help_text="Where the duties come from")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agency_type"]

    def __str__(self) -> str:
        return self.get_agency_type_display()

    @property
    def duty_lines(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]

    @property
    def contact_lines(self) -> list[str]:
        return [line.strip() for line in self.contacts.splitlines() if line.strip()]
