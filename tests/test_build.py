"""The build: front-end assets are where the templates expect them, and the suite runs on the database asked for."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "path",
    [
        "macp/macp.css",
        "govuk/govuk-frontend.min.js",
        "govuk/assets/manifest.json",
        "govuk/assets/images/favicon.ico",
        "htmx/htmx.min.js",
    ],
)
def test_front_end_assets_are_built_and_found(path):
    assert finders.find(path), f"static file {path} not found: run `make assets`"


def test_stylesheet_is_gov_uk_frontend_compiled():
    css = (ROOT / "build/static/macp/macp.css").read_text()
    assert ".govuk-header" in css and ".govuk-width-container" in css
    assert "/static/govuk/assets/" in css  # fonts and images resolve under STATIC_URL


@pytest.mark.django_db
def test_suite_runs_on_the_database_asked_for():
    """`make test-pg` (and CI) must really run on PostgreSQL, not silently on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_tests_run_with_two_factor_required():
    assert settings.MACP_REQUIRE_2FA is True
    assert settings.DEMO_MODE is False
