"""Alerts follow the picture: whenever identity rebuilds people, their rules are evaluated again."""

from django.dispatch import receiver

from macp.concerns.services import evaluate
from macp.identity.signals import picture_changed


@receiver(picture_changed)
def on_picture_changed(sender, person_ids, **kwargs):
    evaluate(person_ids)
