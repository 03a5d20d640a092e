"""Deployment checks of our own, reported by `newsdesk check --deploy` beside Django's."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def mail_is_configured(app_configs, **kwargs):
    if settings.EMAIL_URL:
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set: review notifications are only printed to the log, and the "
            "back office offers no password reset.",
            hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example:587/?tls=True "
            "(README, Deployment: E-mail).",
            id="newsdesk.W001",
        )
    ]
