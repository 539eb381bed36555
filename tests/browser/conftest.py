"""Browser tests: Playwright driving Debian's chromium (/usr/bin/chromium) against pytest-django's live_server.

A browser is never downloaded through Playwright: `make test` installs Debian's chromium with apt when missing.
Accessibility is checked with axe-core from npm (node_modules/axe-core/axe.min.js).

Fixtures:
    browser                  one headless chromium for the session
    page                     a fresh page whose relative URLs go to the live server; failed /static/ requests
                             are collected in page.static_failures
    browser_sign_in(page, user)  put a signed-in, two-factor-verified session cookie into the page's context
    axe_check(page, name)    run axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the page as it is; fail listing
                             each violation readably (also written to test-results/axe-NAME.json)
    assets_loaded(page)      fail unless every /static/ file loaded and the GOV.UK Frontend CSS applies
    results_dir              test-results/ (gitignored), for screenshots
    settings_mode            parametrises a journey over SETTINGS_MODES: "test" (the suite's own settings,
                             two-factor required as in production) and "make-run" (the settings `make run` serves
                             with, MACP_DEMO=1 DEBUG=1, loaded from config/settings.py under that environment).
                             Ask for it before `page`/`browser_sign_in` in a journey's arguments.
    no_template_text(page)   fail if any form field or the page's text shows template source or a template
                             error (`{{ … }}`, `{% … %}`, "no such element", …); axe_check runs it too
"""

import copy
import importlib.util
import json
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MACP_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# The environments a journey runs under. "make-run" is the Makefile's DEMO_ENV.
SETTINGS_MODES = {"test": {}, "make-run": {"MACP_DEMO": "1", "DEBUG": "1"}}
# Kept as the test suite has them whatever the mode: where data and mail go, and the signing key of test sessions.
_KEEP = {"DATABASES", "EMAIL_BACKEND", "SECRET_KEY", "PASSWORD_HASHERS", "STATIC_ROOT", "STATICFILES_DIRS", "TASKS"}
TEMPLATE_TEXT = re.compile(r"\{\{|\}\}|\{%|%\}|no such element|has no attribute|is undefined|jinja2")


def settings_for_environment(env: dict[str, str]) -> dict:
    """The settings config/settings.py computes under these environment variables (MACP_TESTING unset), as
    {NAME: value} for the names whose value differs from the running settings (outside _KEEP)."""
    from django.conf import settings

    saved = dict(os.environ)
    try:
        os.environ.pop("MACP_TESTING", None)
        os.environ.update(env)
        spec = importlib.util.find_spec("macp.config.settings")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    computed = {name: getattr(module, name) for name in dir(module) if name.isupper() and name not in _KEEP}
    return {name: value for name, value in computed.items() if getattr(settings, name, object()) != value}


@pytest.fixture(params=list(SETTINGS_MODES))
def settings_mode(request):
    """Runs the journey once per entry of SETTINGS_MODES; the value is the mode's name."""
    from django.conf import settings
    from django.test.utils import override_settings

    overrides = settings_for_environment(SETTINGS_MODES[request.param]) if SETTINGS_MODES[request.param] else {}
    # TEMPLATES (unchanged) makes Django rebuild the template engines, whose globals read DEMO_MODE and DEBUG.
    with override_settings(TEMPLATES=copy.deepcopy(settings.TEMPLATES), **overrides):
        yield request.param


@pytest.fixture
def no_template_text():
    return assert_no_template_text


def assert_no_template_text(page) -> None:
    """No form field's value and no text on the page shows template source or a template error."""
    values = page.evaluate(
        "() => Array.from(document.querySelectorAll('input, textarea, select'))"
        ".filter(e => e.type !== 'hidden' || e.name !== 'csrfmiddlewaretoken')"
        ".map(e => [e.name || e.id, e.value])"
    )
    bad = [f"field {name!r}: {value[:120]!r}" for name, value in values if TEMPLATE_TEXT.search(value or "")]
    text = page.evaluate("() => document.body ? document.body.innerText : ''")
    bad += [
        f"page text: {match.group(0)!r} in …{text[max(0, match.start() - 60) : match.end() + 60]!r}…"
        for match in TEMPLATE_TEXT.finditer(text)
    ][:5]
    assert not bad, f"template text on {page.url}:\n" + "\n".join(bad)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium with apt.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp: axe-core is injected as an inline script, which the service's Content-Security-Policy refuses
    # (tests/browser/test_csp.py checks the pages under the policy).
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.static_failures = []

    def on_response(response):
        if "/static/" in response.url and response.status >= 400:
            page.static_failures.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on(
        "requestfailed",
        lambda request: page.static_failures.append(f"failed {request.url}") if "/static/" in request.url else None,
    )
    yield page
    context.close()


@pytest.fixture
def browser_sign_in(live_server, signed_in):
    """browser_sign_in(page, user): the page's browser is signed in as the user, two-factor verified."""
    from django.conf import settings
    from django.test import Client

    def sign_in(page, user):
        client = signed_in(Client(), user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "secure": settings.SESSION_COOKIE_SECURE,
                    "sameSite": "Lax",
                }
            ]
        )
        return page

    return sign_in


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}\n      {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    return assert_no_axe_violations


@pytest.fixture
def assets_loaded():
    return assert_assets_loaded


@pytest.fixture
def results_dir():
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


def assert_no_axe_violations(page, name: str) -> None:
    """Run axe-core on the page as it is now; fail listing each violation, its elements and how to fix it.
    Every page checked here is also checked for template text in its fields and text."""
    assert_no_template_text(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = result["violations"]
    if violations:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on the {name} page ({page.url}):\n" + _describe(violations)
    )


def assert_assets_loaded(page) -> None:
    """The GOV.UK stylesheet, scripts and fonts were served, and the GOV.UK Frontend styles apply."""
    assert not page.static_failures, "static files failed to load:\n" + "\n".join(page.static_failures)
    # govuk-frontend's CSS gives .govuk-width-container a maximum width; without the CSS it is "none".
    max_width = page.evaluate("getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth")
    assert max_width != "none", "GOV.UK Frontend CSS is not applied (is build/static built? run `make assets`)"
