"""The quality domain keeps no figures: every measure is computed from the records (measures.py). It keeps only the
log of who looked at which figures, as the access audit keeps reads of a child's record."""

from django.conf import settings
from django.db import models


class FiguresRead(models.Model):
    """One look at the partnership's figures (a dashboard, a measure, a download or an API call): who, when, which
    figures and for which council, agency and period. Identifiable rows of a drill-down are audited per child by
    macp.access as well. Written once and never changed."""

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Download"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, db_constraint=False, related_name="+"
    )
    username = models.CharField(max_length=150, db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    route = models.CharField(max_length=300)
    what = models.CharField(max_length=100, help_text="'measures', or the code of one measure")
    filters = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "figures read"
