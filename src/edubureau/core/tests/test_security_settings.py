"""Deployment settings (issue 8, item 14): `check --deploy` is clean with production settings, the embedded
default does not redirect to HTTPS, and every page carries a strict Content-Security-Policy."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [p for p in (Path(__file__).resolve().parents[2]).glob("**/templates") if p.is_dir()]


def _check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "EDUBUREAU_VAR_DIR": str(tmp_path),
        "EDUBUREAU_DATABASE_URL": "",
        "EDUBUREAU_SECRET_KEY": secrets.token_urlsafe(50),
        **env,
    }
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    environment["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = _check_deploy(tmp_path, EDUBUREAU_DEBUG="0", EDUBUREAU_HTTPS="1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_is_missing_without_https(tmp_path):
    """The other side of the coin: the check does look (HSTS, redirect and secure cookies need HTTPS)."""
    result = _check_deploy(tmp_path, EDUBUREAU_DEBUG="0", EDUBUREAU_HTTPS="0")

    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr + result.stdout


def test_embedded_default_serves_plain_http(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert not response.cookies or not any(c["secure"] for c in response.cookies.values())


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.parametrize(
    "url", ["accounts:login", "home:home", "planning:plan_list", "indicators:dashboard", "api-docs"]
)
def test_pages_carry_a_strict_content_security_policy(client, leader, url):
    client.force_login(leader)

    response = client.get(reverse(url))

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert all(source == "'self'" or source.startswith("'nonce-") for source in policy[directive])
    # every inline script and style on the page carries this response's nonce (JSON data is not run)
    html = response.content.decode()
    nonces = {s.removeprefix("'nonce-").rstrip("'") for s in policy["script-src"] if s.startswith("'nonce-")}
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if "src=" not in tag and "application/json" not in tag:
            assert any(f'nonce="{n}"' in tag for n in nonces), f"{url}: {tag} has no nonce"


def test_templates_have_no_inline_handlers_or_unsigned_inline_code():
    """A strict policy refuses onclick=…, javascript: links and inline <script>/<style> without a nonce."""
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.glob("**/*.html"):
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(
                r"\son[a-z]+=\"|javascript:|<(?:script|style)(?![^>]*(?:src=|nonce=))[^>]*>", text
            ):
                offenders.append(f"{path.relative_to(directory)}: {match.group(0)}")
    assert offenders == []
