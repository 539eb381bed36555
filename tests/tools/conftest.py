"""Fixtures for the tools package: workers of the family's agencies, and completed-tool data."""

import datetime as dt

import pytest


@pytest.fixture
def workers(family, make_agency, make_user):
    """sw: social worker at the child's children's social care; gp: at the child's GP practice; stranger: police
    with no involvement; tm: team manager at children's social care (organises RTG meetings)."""
    police = make_agency("test-police", "police", name="Testshire Police")
    return {
        "sw": make_user("sw", "social_worker", family.csc, first_name="Priya", last_name="Shah"),
        "gp": make_user("gpdoc", "partner_attendee", family.gp),
        "stranger": make_user("pc", "police_investigator", police),
        "tm": make_user("tm", "team_manager", family.csc),
        "police": police,
    }


def tool_data(tool, score, *, on=None, overall=None, reason="", **extra):
    """Valid form data for the tool with every domain scored `score` (or a dict of code: score)."""
    scores = score if isinstance(score, dict) else {d["code"]: score for d in tool.domains}
    data = {
        "completed_on": on or dt.date.today(),
        "participants": "Sarah (mum), Amelia, Priya Shah (social worker)",
        "child_views": "Amelia said she likes her room",
        "parent_views": "Mum says things are better",
        "strengths": "Nan visits daily",
        "worries": "No food in the fridge on two visits",
        "scores": scores,
        "overall_score": overall,
        "overall_reason": reason,
    }
    data.update(extra)
    return data


@pytest.fixture
def make_tool_data():
    return tool_data
