"""The Jinja2 environment: our templates from every macp package plus the GOV.UK Frontend macros."""

import logging
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, Undefined

from macp.core import formats
from macp.core.forms import govuk_fields
from macp.core.home import panels_for

logger = logging.getLogger("macp.templates")


class EmptyUndefined(Undefined):
    """A missing value prints as nothing, in every setting.

    Django's Jinja2 backend picks DebugUndefined when DEBUG is on, which prints `{{ no such element: … }}` into
    empty form fields, and from there into saved records (issue 8). A missing value looked up by one of our
    templates and printed is still a bug, so it is logged on "macp.templates" and the test suite fails on that log
    (tests/conftest.py). The GOV.UK Frontend macros print their optional parameters unguarded, as the Nunjucks
    originals do (Nunjucks prints undefined as nothing), so values missing inside them are not reported."""

    __slots__ = ("_macp_origin",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._macp_origin = _template_on_stack()

    def __str__(self) -> str:
        if not self._macp_origin.startswith("govuk_frontend_jinja"):
            logger.error(
                "A template printed a missing value: %s (looked up in %s)", self._undefined_message, self._macp_origin
            )
        return ""


def _template_on_stack() -> str:
    """The template (relative to its templates folder, or its package) whose code is running."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(".html") and "/templates/" in name:
            package = "govuk_frontend_jinja/" if "/govuk_frontend_jinja/" in name else ""
            return package + name.split("/templates/", 1)[1]
        frame = frame.f_back
    return "a template"


def _template_dirs() -> list[str]:
    src = Path(__file__).resolve().parents[1]
    return sorted(str(p) for p in src.glob("*/templates") if p.is_dir())


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(_template_dirs()),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("extensions", []).append("jinja2.ext.do")
    options["undefined"] = EmptyUndefined
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        now=timezone.now,
        settings_service_name=settings.SERVICE_NAME,
        demo_mode=settings.DEMO_MODE,
        oidc_enabled=settings.OIDC_ENABLED,
        govuk_fields=govuk_fields,
        home_panels=panels_for,
    )
    env.filters.update(
        date_uk=formats.date_uk,
        datetime_uk=formats.datetime_uk,
        age=formats.age_text,
        possessive=formats.possessive,
        govuk_item=lambda choice: {"value": choice[0], "text": choice[1]},
    )
    return env
