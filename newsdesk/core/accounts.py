"""Password reset for the back office: Wagtail's view, throttled.

Each request sends an e-mail, so an open form is a way to flood a colleague's mailbox or to make
the outlet's mail server send spam. django-ratelimit counts requests in the shared cache (Redis:
across all nodes):
- per e-mail address asked for: past the limit the reader sees the usual "sent" page but nothing
  is sent (the page must not tell whether the address belongs to an account, or was throttled);
- per client address (as django-axes sees it, so one proxy setting serves both): past the limit
  a 429 page, the way locked-out logins are answered.
"""

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.account import PasswordResetView

logger = logging.getLogger(__name__)


def requested_address(_group, request) -> str:
    return request.POST.get("email", "").strip().lower()


def client_address(_group, request) -> str:
    return get_client_ip_address(request) or "unknown"


class ThrottledPasswordResetView(PasswordResetView):
    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="password-reset:client",
            key=client_address,
            rate=settings.PASSWORD_RESET_RATE_PER_CLIENT,
            method="POST",
            increment=True,
        ):
            logger.warning(
                "password reset refused: too many requests from %s", client_address(None, request)
            )
            return TemplateResponse(request, "password_reset_throttled.html", status=429)
        if is_ratelimited(
            request,
            group="password-reset:address",
            key=requested_address,
            rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
            method="POST",
            increment=True,
        ):
            logger.warning("password reset not sent: too many requests for one address")
            return HttpResponseRedirect(self.get_success_url())
        return super().post(request, *args, **kwargs)
