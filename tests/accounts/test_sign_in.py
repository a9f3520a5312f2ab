"""Signing in: a password, then a TOTP code from an authenticator app enrolled at the first sign-in;
repeated wrong passwords lock the account."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from probation.audit.models import Action, AuditEvent

PASSWORD = "correct horse battery"  # tests.factories.staff's default
SIGN_IN = reverse("accounts:sign-in")
SECOND_FACTOR = reverse("accounts:second-factor")


def sign_in(client, username, password=PASSWORD, next_url=""):
    path = f"{SIGN_IN}?next={next_url}" if next_url else SIGN_IN
    return client.post(path, {"username": username, "password": password})


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


# Password


def test_the_sign_in_page_is_open_to_anyone(db):
    response = Client().get(SIGN_IN)
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'type="password"' in response.content


def test_the_right_password_leads_to_the_second_factor_not_into_the_service(personas):
    client = Client()
    response = sign_in(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == SECOND_FACTOR
    assert client.get(reverse("cases:my-cases"))["Location"].startswith(SECOND_FACTOR)
    [row] = AuditEvent.objects.filter(action=Action.SIGN_IN)
    assert row.user == personas.alice
    assert row.summary == "Signed in with password"


def test_a_wrong_password_is_refused_in_the_error_summary(personas):
    response = sign_in(Client(), "alice", "wrong password")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="govuk-error-summary"' in content
    assert '<a href="#id_username">Enter a correct username and password.' in content
    assert "<title>Error: Sign in" in content
    assert "_auth_user_id" not in Client().session.keys()


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(personas):
    unknown = sign_in(Client(), "nobody", "wrong password").content.decode()
    wrong = sign_in(Client(), "alice", "wrong password").content.decode()
    token = re.compile(r'value="[^"]*"')
    assert token.sub("", unknown).replace("nobody", "") == token.sub("", wrong).replace("alice", "")


def test_an_empty_form_asks_for_both_fields(db):
    content = Client().post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username"' in content and 'href="#id_password"' in content


def test_five_failed_attempts_lock_the_account_even_against_the_right_password(personas):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "alice", "wrong password").status_code == 200
    fifth = sign_in(client, "alice", "wrong password")
    assert fifth.status_code == 429
    assert b"Your account is locked" in fifth.content
    right = sign_in(client, "alice")
    assert right.status_code == 429
    assert b"Your account is locked" in right.content
    assert "_auth_user_id" not in client.session


def test_four_failed_attempts_do_not_lock_the_account(personas):
    client = Client()
    for _ in range(4):
        sign_in(client, "alice", "wrong password")
    assert sign_in(client, "alice")["Location"] == SECOND_FACTOR


def test_locking_one_account_leaves_colleagues_able_to_sign_in(personas):
    client = Client()
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    assert sign_in(client, "bob").status_code == 302


def test_sign_out_ends_the_session_and_only_by_post(personas, client_for):
    client = client_for(personas.alice)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == SIGN_IN
    assert client.get(reverse("cases:my-cases"))["Location"].startswith(SIGN_IN)


def test_an_unsafe_next_address_is_ignored(personas):
    client = Client()
    response = sign_in(client, "alice", next_url="https://evil.example/")
    assert response["Location"] == SECOND_FACTOR


# Second factor


def test_the_first_sign_in_enrols_an_authenticator_app_and_shows_its_key(personas):
    client = Client()
    sign_in(client, "alice")
    response = client.get(SECOND_FACTOR)
    content = response.content.decode()
    assert "Set up your authenticator app" in content
    device = TOTPDevice.objects.get(user=personas.alice)
    assert not device.confirmed
    key = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', content).group(1)
    assert b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    assert "<svg" in content  # the QR code


def test_reloading_the_enrolment_page_keeps_the_same_key(personas):
    client = Client()
    sign_in(client, "alice")
    client.get(SECOND_FACTOR)
    client.get(SECOND_FACTOR)
    assert TOTPDevice.objects.filter(user=personas.alice).count() == 1


def test_a_wrong_code_is_refused(personas):
    client = Client()
    sign_in(client, "alice")
    client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=personas.alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SECOND_FACTOR, {"token": wrong})
    assert response.status_code == 200
    assert (
        '<a href="#id_token">The security code is not correct or has expired</a>' in response.content.decode()
    )
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("cases:my-cases"))["Location"].startswith(SECOND_FACTOR)


@pytest.mark.parametrize(
    "token, message", [("12ab56", "must be 6 digits"), ("", "Enter the 6-digit security code")]
)
def test_a_code_that_is_not_six_digits_is_explained(personas, token, message):
    client = Client()
    sign_in(client, "alice")
    assert message in client.post(SECOND_FACTOR, {"token": token}).content.decode()


def test_the_right_code_confirms_the_app_and_lets_the_user_in(personas):
    client = Client()
    sign_in(client, "alice")
    client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=personas.alice)
    response = client.post(SECOND_FACTOR, {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("cases:my-cases")).status_code == 200
    assert client.get(reverse("cases:overview", args=[personas.case.crn])).status_code == 200
    assert AuditEvent.objects.filter(user=personas.alice, summary="Gave the second factor").exists()


def test_a_user_with_an_app_is_asked_for_a_code_and_shown_no_key(personas):
    device = confirmed_device(personas.maria)
    client = Client()
    sign_in(client, "maria")
    content = client.get(SECOND_FACTOR).content.decode()
    assert "Enter your security code" in content
    assert "totp-secret" not in content
    assert client.post(SECOND_FACTOR, {"token": code_for(device)}).status_code == 302
    assert client.get(reverse("cases:team-cases")).status_code == 200


def test_a_code_cannot_be_used_twice(personas):
    device = confirmed_device(personas.maria)
    code = code_for(device)
    first = Client()
    sign_in(first, "maria")
    assert first.post(SECOND_FACTOR, {"token": code}).status_code == 302
    second = Client()
    sign_in(second, "maria")
    assert second.post(SECOND_FACTOR, {"token": code}).status_code == 200


def test_after_a_wrong_code_further_codes_are_slowed_down_and_the_page_says_so(personas):
    device = confirmed_device(personas.maria)
    client = Client()
    sign_in(client, "maria")
    client.post(SECOND_FACTOR, {"token": f"{(int(code_for(device)) + 1) % 1_000_000:06d}"})
    response = client.post(SECOND_FACTOR, {"token": code_for(device)})
    assert response.status_code == 200
    assert "too many wrong codes" in response.content.decode()


def test_the_user_lands_on_the_page_they_first_asked_for(personas):
    device = confirmed_device(personas.maria)
    client = Client()
    case_url = reverse("cases:overview", args=[personas.case.crn])
    to_sign_in = client.get(case_url)["Location"]
    to_second_factor = client.post(to_sign_in, {"username": "maria", "password": PASSWORD})["Location"]
    assert to_second_factor.startswith(SECOND_FACTOR)
    assert client.post(to_second_factor, {"token": code_for(device)})["Location"] == case_url


def test_a_password_only_user_sent_to_the_second_factor_returns_to_their_page(
    personas, password_only_client_for
):
    device = confirmed_device(personas.maria)
    client = password_only_client_for(personas.maria)
    search = reverse("cases:search") + "?q=Archer"
    to_second_factor = client.get(search)["Location"]
    assert client.post(to_second_factor, {"token": code_for(device)})["Location"] == search


def test_the_second_factor_page_sends_an_anonymous_visitor_to_sign_in(db):
    response = Client().get(SECOND_FACTOR)
    assert response["Location"].startswith(SIGN_IN)


def test_a_user_who_already_gave_the_second_factor_is_sent_on(personas, client_for):
    assert client_for(personas.alice).get(SECOND_FACTOR)["Location"] == reverse("home")


def test_the_accessibility_statement_is_open_to_anyone(personas, password_only_client_for):
    assert Client().get(reverse("accessibility")).status_code == 200
    assert password_only_client_for(personas.alice).get(reverse("accessibility")).status_code == 200
