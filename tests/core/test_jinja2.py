"""Missing values print as nothing in every setting, and a missing value printed by our own templates is logged."""

import pytest
from django.template import engines
from django.test import override_settings


def _render(source: str, context: dict) -> str:
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize("debug", [False, True])
def test_an_empty_textarea_renders_empty_with_and_without_debug(debug, no_missing_values_printed):
    source = (
        '{% from "govuk_frontend_jinja/components/textarea/macro.html" import govukTextarea %}'
        '{{ govukTextarea({"label": {"text": "Worries"}, "id": "worries", "name": "worries"}) }}'
    )
    with override_settings(DEBUG=debug):
        html = _render(source, {})
    textarea = html[html.index("<textarea") : html.index("</textarea>")]
    assert textarea.endswith(">"), textarea  # nothing between the tags
    assert "no such element" not in html and "{{" not in html
    # The GOV.UK macro's own optional parameter is not our bug: nothing is logged.
    assert not no_missing_values_printed.messages


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_value_of_ours_prints_nothing_and_is_logged(debug, no_missing_values_printed):
    with override_settings(DEBUG=debug):
        html = _render("[{{ child.worries }}]", {"child": {}})
    assert html == "[]"
    assert no_missing_values_printed.messages == [
        "A template printed a missing value: 'dict object' has no attribute 'worries' (looked up in a template)"
    ]
    no_missing_values_printed.messages.clear()  # expected here; the fixture fails any other test that logs one


def test_testing_a_missing_value_is_not_logged(no_missing_values_printed):
    assert _render("{% if child.worries %}x{% endif %}{{ child.worries or '' }}", {"child": {}}) == ""
    assert not no_missing_values_printed.messages


def test_dates_and_possessives_read_as_english():
    from macp.core.formats import date_uk, possessive

    assert date_uk("2017-02-28") == "28 February 2017"
    assert date_uk("") == "Not known" and date_uk("not a date") == "not a date"
    assert possessive("Severn Vale Children's Services") == "Severn Vale Children's Services'"
    assert possessive("Hillside Primary") == "Hillside Primary's"
