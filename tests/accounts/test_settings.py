"""Settings that protect the service whatever the deployment: a real secret key, argon2 password
hashing, a second factor that only a demo may switch off, and security headers on every response."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


UNSET = {"SECRET_KEY", "PROBATION_DEMO_SKIP_OTP", "PROBATION_CLI", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"}


def settings_in(mode: str, names=("PASSWORD_HASHERS", "OTP_REQUIRED", "SECRET_KEY"), **env):
    """Import the settings in a fresh interpreter, as a deployment would, and report some of them."""
    environ = {k: v for k, v in os.environ.items() if k not in UNSET}
    environ.update(PROBATION_MODE=mode, **env)
    script = (
        "import json, sys, probation.settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in sys.argv[1:]}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_in("production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set outside demo and test mode" in result.stderr


def test_production_starts_with_a_secret_key():
    assert loaded(settings_in("production", SECRET_KEY="s" * 50))["SECRET_KEY"] == "s" * 50


def test_an_unknown_mode_is_refused_by_name():
    result = settings_in("staging", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "PROBATION_MODE must be production, demo or test, not 'staging'" in result.stderr


@pytest.mark.parametrize("mode", ["production", "demo"])
def test_passwords_are_hashed_with_argon2_outside_tests(mode):
    hashers = loaded(settings_in(mode, SECRET_KEY="s" * 50))["PASSWORD_HASHERS"]
    assert hashers == ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def test_tests_may_hash_quickly_but_still_understand_argon2(settings):
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS


def test_argon2_is_installed_and_hashes_a_password(settings):
    from django.contrib.auth.hashers import check_password, make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    hashed = make_password("correct horse battery")
    assert hashed.startswith("argon2$")
    assert check_password("correct horse battery", hashed)


@pytest.mark.parametrize("mode", ["production", "test"])
def test_the_second_factor_cannot_be_switched_off_outside_demo_mode(mode):
    assert loaded(settings_in(mode, SECRET_KEY="s" * 50, PROBATION_DEMO_SKIP_OTP="1"))["OTP_REQUIRED"] is True


def test_a_demo_may_switch_the_second_factor_off_but_has_it_on_by_default():
    assert loaded(settings_in("demo"))["OTP_REQUIRED"] is True
    assert loaded(settings_in("demo", PROBATION_DEMO_SKIP_OTP="1"))["OTP_REQUIRED"] is False


def test_a_yes_or_no_setting_with_a_typo_is_refused():
    result = settings_in("demo", PROBATION_DEMO_SKIP_OTP="yep")
    assert result.returncode != 0
    assert "PROBATION_DEMO_SKIP_OTP must be true or false" in result.stderr


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_sign_in_page_carries_the_security_headers(db):
    assert_security_headers(Client().get(reverse("accounts:sign-in")))


def test_case_pages_carry_the_security_headers(personas, client_for):
    client = client_for(personas.alice)
    assert_security_headers(client.get(reverse("cases:overview", args=[personas.case.crn])))
    assert_security_headers(client.get(reverse("cases:edit-details", args=[personas.case.crn])))


def test_refusals_carry_the_security_headers(personas, client_for):
    assert_security_headers(
        client_for(personas.charlie).get(reverse("cases:overview", args=[personas.case.crn]))
    )
    assert_security_headers(
        client_for(personas.eddie).get(reverse("cases:overview", args=[personas.case.crn]))
    )


def test_session_and_csrf_cookies_are_http_only_same_site_and_secure_in_production():
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
    ]
    values = loaded(settings_in("production", names + ["SECURE_HSTS_SECONDS"], SECRET_KEY="s" * 50))
    assert [values[name] for name in names] == [True, True, True, "Lax"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
