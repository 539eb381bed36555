"""The demo region's practice tools: a Neglect Toolkit completed twice (with its band-change alert), a ROTH tool, a
place linked to two children and a ROTH Tactical Group meeting held with attendance, minutes and actions."""

import importlib

from django.apps import apps

from macp.concerns.models import Alert
from macp.demo.tools import add_tools_activity
from macp.tools.models import Completion, Context, ContextLink, RtgMeeting


def test_demo_tools_activity_is_made_once_through_the_services(demo_region):
    # The tools and the band-change rule come from a data migration (idempotent), which a flush may have removed.
    importlib.import_module("macp.tools.migrations.0002_seed_tools").seed(apps, None)
    made = add_tools_activity()
    assert made == {"tool_completions": 3, "contexts": 2, "context_links": 3, "rtg_meetings": 1, "rtg_actions": 3}
    neglect = Completion.objects.filter(tool__code="neglect")
    assert neglect.count() == 2 and neglect.values("child").distinct().count() == 1
    assert [c.band for c in neglect] == ["some_met", "many_unmet"]
    child = neglect.first().child
    assert Alert.objects.filter(person=child, rule__code="tool-band-change").count() == 1
    roth = Completion.objects.get(tool__code="roth")
    assert roth.band == "high"
    park = Context.objects.get(kind="place")
    assert ContextLink.objects.filter(context=park).values("child").distinct().count() == 2
    meeting = RtgMeeting.objects.get()
    assert meeting.status == "held" and meeting.minutes and meeting.attendees.count() >= 3
    assert meeting.actions.count() == 3 and meeting.items.get().discussion
    assert add_tools_activity() == {}
