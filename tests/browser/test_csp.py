"""The pages under their Content-Security-Policy, as a browser enforces it: GOV.UK Frontend's JavaScript still
starts, and the browser reports no violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_govuk_frontend_starts_under_the_policy_with_no_violations(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    loaded = {}
    page.on(
        "response", lambda response: loaded.__setitem__(response.url.removeprefix(live_server.url), response.status)
    )
    page.goto("/sign-in/")
    page.wait_for_load_state("networkidle")
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes  # the nonce'd inline line ran
    assert loaded.get("/static/macp/init.js") == 200 and loaded.get("/static/govuk/govuk-frontend.min.js") == 200
    assert violations == []
    context.close()
