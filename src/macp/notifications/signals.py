from django.dispatch import receiver

from macp.identity.signals import picture_changed
from macp.notifications.services import notify_schools_of_domestic_abuse


@receiver(picture_changed)
def on_picture_changed(sender, person_ids, **kwargs):
    notify_schools_of_domestic_abuse(person_ids)
