"""The back office's door: failed logins lock out, an optional authenticator code, sessions that
end, passwords that are not trivial."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor(site):
    return get_user_model().objects.create_user(
        username="editor", password="correct-horse-battery-9", is_superuser=True
    )


def log_in(client, password, username="editor", address="203.0.113.7", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_five_failed_logins_lock_the_account_out_from_that_address(client, editor):
    for _attempt in range(4):
        assert log_in(client, "wrong-guess").status_code == 200  # the form again, with an error
    locked = log_in(client, "wrong-guess")  # the fifth
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode() or "Слишком много" in (
        locked.content.decode()
    )
    # Even the right password waits for the cool-off now, from that address.
    assert log_in(client, "correct-horse-battery-9").status_code == 429
    # The editor at their desk (another address) is not locked out by someone guessing.
    assert log_in(client, "correct-horse-battery-9", address="198.51.100.2").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, editor):
    for _attempt in range(4):
        log_in(client, "wrong-guess")
    assert log_in(client, "correct-horse-battery-9").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert log_in(client, "wrong-guess").status_code == 200
    assert log_in(client, "correct-horse-battery-9").status_code == 302


def test_an_editor_with_an_authenticator_app_must_type_its_code(client, editor, capsys):
    call_command("totp", "add", "editor")
    assert "otpauth://totp/" in capsys.readouterr().out
    device = TOTPDevice.objects.get(user=editor)

    without_code = log_in(client, "correct-horse-battery-9")
    assert without_code.status_code == 200
    assert "authenticator app" in without_code.content.decode() or "приложени" in (
        without_code.content.decode()
    )
    assert "_auth_user_id" not in client.session

    wrong_code = log_in(client, "correct-horse-battery-9", otp_token="000000")
    assert wrong_code.status_code == 200 and "_auth_user_id" not in client.session

    # django-otp also slows guessing down: each wrong code makes the device wait longer before
    # it checks the next one. The editor takes a moment to read the app; the test resets it.
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert log_in(client, "correct-horse-battery-9", otp_token=code).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_login_form_does_not_tell_whether_the_password_was_right_before_the_code(
    client, editor
):
    """With an authenticator set up, a right password with a wrong (or no) code must read exactly
    like a wrong password: otherwise the form confirms a stolen password without the phone."""
    call_command("totp", "add", "editor", stdout=io.StringIO())
    answers = {
        "wrong password": log_in(client, "wrong-guess", otp_token="123456"),
        "right password, wrong code": log_in(client, "correct-horse-battery-9", otp_token="123456"),
        "right password, no code": log_in(client, "correct-horse-battery-9"),
        "wrong password, no code": log_in(client, "wrong-guess"),
    }
    errors = {
        name: answer.context["form"].errors.get_json_data() for name, answer in answers.items()
    }
    assert all(answer.status_code == 200 for answer in answers.values())
    assert len({repr(error) for error in errors.values()}) == 1, errors
    message = errors["wrong password"]["__all__"][0]["message"]
    assert "authenticator" in message or "приложени" in message  # it says a code may be needed
    assert "_auth_user_id" not in client.session


def test_wrong_authenticator_codes_count_towards_the_lockout(client, editor):
    call_command("totp", "add", "editor", stdout=io.StringIO())
    for _attempt in range(4):
        log_in(client, "correct-horse-battery-9", otp_token="123456")
    assert log_in(client, "correct-horse-battery-9", otp_token="123456").status_code == 429


def test_the_session_cookie_is_http_only_same_site_and_ends_after_a_shift(client, editor):
    response = log_in(client, "correct-horse-battery-9")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # gone when the browser closes
    client.logout()
    remembered = log_in(client, "correct-horse-battery-9", remember="on").cookies["sessionid"]
    assert int(remembered["max-age"]) == 12 * 3600


@pytest.mark.parametrize("password", ["12345678", "password1", "editor2026", "short"])
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)
