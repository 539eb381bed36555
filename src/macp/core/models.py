"""The one table core owns: named counters for reference numbers."""

from django.db import models


class Sequence(models.Model):
    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveBigIntegerField(default=0)
