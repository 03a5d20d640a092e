"""Password reset in the back office: offered only when mail can reach people, and throttled so the
form cannot flood a colleague's mailbox or make the outlet's mail server send spam."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"


@pytest.fixture
def colleague(site):
    return get_user_model().objects.create_user(
        username="desk", email="desk@news.example", password="correct-horse-battery-9"
    )


def ask(client, email, address="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


@override_settings(WAGTAIL_PASSWORD_RESET_ENABLED=True)
def test_a_reset_link_is_sent_by_mail(client, colleague, mailoutbox):
    response = ask(client, "desk@news.example")
    assert response.status_code == 302 and response["Location"].endswith("/done/")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["desk@news.example"]
    assert "/admin/password_reset/confirm/" in mailoutbox[0].body


@override_settings(WAGTAIL_PASSWORD_RESET_ENABLED=True)
def test_repeated_requests_for_one_address_stop_sending_but_look_the_same(
    client, colleague, mailoutbox, caplog
):
    answers = [ask(client, "Desk@News.example", address=f"203.0.113.{n}") for n in range(5)]
    # Every answer is the usual "sent" page: nothing tells the asker they were throttled.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/admin/password_reset/done/")
    }
    assert len(mailoutbox) == 3
    assert "too many requests for one address" in caplog.text


@override_settings(WAGTAIL_PASSWORD_RESET_ENABLED=True)
def test_one_client_asking_for_many_addresses_is_told_to_wait(client, colleague, mailoutbox):
    for number in range(20):
        assert ask(client, f"someone{number}@news.example").status_code == 302
    refused = ask(client, "desk@news.example")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many password reset requests" in page or "Слишком много запросов" in page
    assert mailoutbox == []
    # A colleague at another address is not affected.
    assert ask(client, "desk@news.example", address="198.51.100.2").status_code == 302
    assert len(mailoutbox) == 1


def test_without_a_mail_server_no_reset_is_offered(client, colleague, mailoutbox):
    """The test settings have no EMAIL_URL: the reset form and its link on the login page are
    gone, rather than sending links nobody receives."""
    assert client.get(RESET, follow=True).status_code == 404
    assert RESET not in client.get("/admin/login/").content.decode()
