"""The Jinja2 environment: our templates from every macp package plus the GOV.UK Frontend macros."""

from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from macp.core import formats
from macp.core.forms import govuk_fields


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
    )
    env.filters.update(
        date_uk=formats.date_uk,
        datetime_uk=formats.datetime_uk,
        age=formats.age_text,
        govuk_item=lambda choice: {"value": choice[0], "text": choice[1]},
    )
    return env
