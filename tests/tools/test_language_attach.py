"""The recording-language check is attached to the pages where a child's record is written: the strategy minutes,
the chronology and the enquiry pages carry the marker that opts their textareas in, with where it is and (where the
page is about one child) whose age the rules use."""

import re

from django.template import engines
from django.test import Client

from macp.enquiries.models import Enquiry

MARKER = re.compile(r'<div hidden class="macp-language-check-marker" data-language-check-form="([^"]+)"([^>]*)>')


def markers(html: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in MARKER.finditer(html)]


def test_chronology_entry_form_checks_language_about_the_child(investigation, signed_in):
    child = investigation.family.child
    html = signed_in(Client(), investigation.social_worker).get(f"/people/{child.pk}/chronology/new/").content.decode()
    assert markers(html) == [("chronology", f' data-language-about="{child.pk}"')]
    assert "tools/language-check" in html and 'data-check-url="/recording-check/"' in html


def test_enquiry_forms_check_language(investigation, signed_in):
    e = Enquiry.objects.get()
    html = signed_in(Client(), investigation.social_worker).get(f"/enquiries/{e.pk}/hypotheses/new/").content.decode()
    assert markers(html) == [("enquiry", "")]
    # The marker sits inside the form whose textareas it opts in.
    start = html.index('<form method="post" novalidate>')
    form = html[start : html.index("</form>", start)]
    assert "macp-language-check-marker" in form and "<textarea" in form


def test_strategy_minutes_check_language(investigation, signed_in):
    html = (
        signed_in(Client(), investigation.chair)
        .get(f"/strategy/{investigation.discussion_id}/minutes/amend/")
        .content.decode()
    )
    assert markers(html) == [("strategy:minutes", "")]


def test_macro_limits_to_named_fields_and_the_script_runs_once():
    env = engines["jinja2"]
    html = env.from_string(
        '{% from "tools/_language_check.html" import language_check %}'
        '{{ language_check("request-for-help", fields=["worries", "concerns"]) }}'
        '{{ language_check("other") }}'
    ).render({})
    assert 'data-language-check-form="request-for-help"' in html
    assert 'data-language-fields="worries concerns"' in html and "data-language-about" not in html
    # Two script tags load the same file; the script itself guards against attaching twice.
    assert html.count("language-check.js") == 2
