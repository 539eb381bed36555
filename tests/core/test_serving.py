"""Serving as in production: the Procfile's process set (what `make run` starts) and the API's JSON errors."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORT = 8115


def _env(tmp_path) -> dict:
    return {
        **os.environ,
        "MACP_DEMO": "1",
        "DEBUG": "1",
        "MACP_TESTING": "",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "MACP_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": f"{BIN}:{os.environ['PATH']}",
    }


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_procfile_starts_web_worker_and_scheduler_and_one_interrupt_stops_them(tmp_path):
    env = _env(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "macp.cli", "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT
    )
    log = open(tmp_path / "honcho.log", "w+")
    honcho = subprocess.Popen(
        [str(BIN / "honcho"), "start", "-f", str(ROOT / "Procfile"), "-p", str(PORT), "--no-colour"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        output = ""
        while time.monotonic() < deadline:
            output = (tmp_path / "honcho.log").read_text()
            if "Starting worker" in output and "periodic jobs" in output and "Listening at" in output:
                break
            assert honcho.poll() is None, output
            time.sleep(0.5)
        assert "Listening at: http://127.0.0.1:8115" in output, output
        assert "Starting worker" in output, output
        assert f"scheduler: {len(settings.PERIODIC_TASKS)} periodic jobs" in output, output
        assert _get(f"http://127.0.0.1:{PORT}/healthz") == (200, '{"status": "ok"}')
        status, body = _get(f"http://127.0.0.1:{PORT}/sign-in/")
        assert status == 200 and "Sign in" in body
        assert "stopped" not in output  # all three still alive
    finally:
        honcho.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            honcho.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            raise
    output = (tmp_path / "honcho.log").read_text()
    for name in ("web.1", "worker.1", "scheduler.1"):
        assert f"{name} stopped" in output, output


def test_an_unknown_api_path_answers_the_json_404_under_the_demo_setting(db, settings):
    from django.test import Client

    settings.DEBUG = True  # as `make run`: Django would show its debug page
    for method in ("get", "post", "put"):
        response = getattr(Client(), method)("/api/v1/no-such-thing", HTTP_AUTHORIZATION="Bearer x")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "No such API endpoint: see /api/v1/openapi.json.", "errors": []}


def test_an_api_failure_answers_json_500_in_every_setting(db, settings, monkeypatch):
    from django.test import Client

    import macp.api

    def broken(token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(macp.api, "user_for_token", broken)
    for debug in (True, False):
        settings.DEBUG = debug
        response = Client(raise_request_exception=False).get("/api/v1/agencies", HTTP_AUTHORIZATION="Bearer x")
        assert response.status_code == 500 and response["Content-Type"] == "application/json"
        assert response.json()["errors"] == [] and "logged" in response.json()["detail"]
        assert "database went away" not in response.content.decode()


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_container_image_and_compose_run_the_same_three_processes():
    """No docker engine here: the files are checked against the Procfile instead of built."""
    import shlex

    import yaml

    procfile = {
        name: shlex.split(command)[2:] for name, command in _procfile().items()
    }  # without `env TASKS_BACKEND=…`
    assert set(procfile) == {"web", "worker", "scheduler"}
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    for name, command in procfile.items():
        assert services[name]["command"][:2] == command[:2], name
        assert services[name]["environment"]["TASKS_BACKEND"] == "database"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["scheduler"]["deploy"]["replicas"] == 1
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert yaml.safe_load(cmd[4:]) == procfile["web"]
    for line in dockerfile.splitlines():  # every file copied from the build context exists
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert "USER macp" in dockerfile and "collectstatic" in dockerfile


def test_the_cli_works_on_the_local_database_without_the_demo_setting(tmp_path):
    """`make run` writes var/secret_key; `macp api-token referrer` then works as the README types it."""
    env = {
        key: value
        for key, value in _env(tmp_path).items()
        if key not in ("MACP_DEMO", "DEBUG", "MACP_TESTING", "SECRET_KEY")
    }
    check = [sys.executable, "-m", "macp.cli", "check"]
    refused = subprocess.run(check, env=env, cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
    (tmp_path / "var").mkdir(exist_ok=True)
    (tmp_path / "var" / "secret_key").write_text("a-random-key-written-by-make-run-" + "x" * 30 + "\n")
    assert subprocess.run(check, env=env, cwd=ROOT, capture_output=True, text=True).returncode == 0


def test_the_openapi_document_declares_the_error_responses(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = {str(code) for code in operation["responses"]}
            assert {"400", "401", "403", "404", "409", "422"} <= declared, (method, path)


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    import re

    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy and "style-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    inline = [tag for tag in re.findall(r"<script[^>]*>", page) if "src=" not in tag]
    assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)  # only GOV.UK's js-enabled line, with the nonce
    assert ' style="' not in page and "<style" not in page
    assert response["Permissions-Policy"].startswith("camera=()")


def test_production_settings_pass_check_deploy_with_hsts_and_secure_cookies(tmp_path):
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE either: a production host never sets it.
    env = {
        key: value
        for key, value in _env(tmp_path).items()
        if key not in ("MACP_DEMO", "DEBUG", "MACP_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["SECRET_KEY"] = "production-like-" + "k" * 50
    checked = subprocess.run(
        [sys.executable, "-m", "macp.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "macp.config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert shown.stdout.split() == ["31536000", "True", "True", "True"], shown.stderr
