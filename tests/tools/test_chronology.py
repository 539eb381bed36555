"""A completed tool appears once in the child's chronology (its own entry, not also the people Event behind it),
and analysis written against the event's entry stays with it."""

from macp.chronology import services as chronology
from macp.chronology.models import Analysis
from macp.tools import services


def test_a_completed_tool_is_one_entry_with_its_band_and_link(family, workers, make_tool_data):
    neglect = services.active_tool("neglect")
    c = services.do_complete_tool(neglect, workers["sw"], family.child, make_tool_data(neglect, 2))
    Analysis.objects.create(
        person=family.child,
        entry_key=f"event:{c.event_id}",
        text="First time home conditions scored this low",
        agency=family.csc,
        written_by=workers["sw"],
    )
    rows = chronology.entries(chronology.scope_for(family.child))
    tool_rows = [e for e in rows if "Neglect Toolkit" in e.summary]
    assert len(tool_rows) == 1
    [entry] = tool_rows
    assert entry.key == f"tool:{c.pk}" and entry.type == "tool:neglect" and entry.source == "test-csc"
    assert entry.link == f"/tools/completions/{c.pk}/" or entry.link.endswith(f"/completions/{c.pk}/")
    assert entry.analysis == "First time home conditions scored this low"
    assert not any(e.key == f"event:{c.event_id}" for e in rows)


def test_the_family_chronology_shows_each_childs_tool_once(family, workers, make_tool_data):
    from macp.people.models import Involvement, InvolvementRole

    Involvement.objects.create(person=family.sibling, agency=family.csc, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    neglect = services.active_tool("neglect")
    services.do_complete_tool(neglect, workers["sw"], family.child, make_tool_data(neglect, 3))
    services.do_complete_tool(neglect, workers["sw"], family.sibling, make_tool_data(neglect, 3))
    rows = chronology.entries(chronology.scope_for(family.child, family=True))
    about = sorted(e.about for e in rows if e.type == "tool:neglect")
    assert about == sorted([(family.child.pk,), (family.sibling.pk,)])
