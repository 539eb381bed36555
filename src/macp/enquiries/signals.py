"""Open the section 47 enquiries when a strategy discussion's minutes are finalised.

Strategy sends no signal of its own; finalising saves the discussion with its new status, so Django's post_save
is the hook, and strategy needs to know nothing of enquiries (docs/decisions/0001: imports point down the flow).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from macp.enquiries.opening import open_enquiries
from macp.strategy.models import StrategyDiscussion


@receiver(post_save, sender=StrategyDiscussion, dispatch_uid="enquiries.open_on_finalise")
def on_discussion_saved(sender, instance: StrategyDiscussion, update_fields=None, **kwargs):
    if instance.status != StrategyDiscussion.Status.FINALISED:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    open_enquiries(instance)
