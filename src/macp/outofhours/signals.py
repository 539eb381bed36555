from django.db import transaction
from django.dispatch import receiver

from macp.identity.signals import picture_changed
from macp.outofhours.hospital import notify_hospital_events


@receiver(picture_changed)
def on_picture_changed(sender, person_ids, **kwargs):
    ids = list(person_ids)
    # After the batch commits: a rolled-back batch must tell nobody.
    transaction.on_commit(lambda: notify_hospital_events(ids))
