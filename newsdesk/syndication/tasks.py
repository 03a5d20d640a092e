"""Pinging the WebSub hub (WebSub §7: `hub.mode=publish`, `hub.url=<feed>`), with retries."""

import logging

import requests
from django.conf import settings
from django_tasks import task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

logger = logging.getLogger("newsdesk.syndication")


# Per attempt: connect, then the first byte of the answer. With the retries and their backoff, a
# hub that accepts connections and never answers costs at most about 10 s before the ping is given
# up (with a log line); a publish does not wait for the hub when a worker runs the tasks.
HUB_TIMEOUT = (2, 2)


def hub_session() -> requests.Session:
    retry = Retry(
        total=2,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"POST"}),
        raise_on_status=False,
    )
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


@task()
def ping_hub(feed_urls: list[str]) -> int:
    """Returns how many feeds the hub accepted; failures are logged, never raised to the editor."""
    accepted = 0
    with hub_session() as session:
        for url in feed_urls:
            try:
                # Only the status matters: the body is never read (a hostile hub could send
                # gigabytes), nor are redirects followed.
                response = session.post(
                    settings.WEBSUB_HUB_URL,
                    data={"hub.mode": "publish", "hub.url": url},
                    timeout=HUB_TIMEOUT,
                    stream=True,
                    allow_redirects=False,
                )
                response.close()
            except requests.RequestException as exc:
                logger.warning(
                    "websub: pinging %s for %s failed: %s", settings.WEBSUB_HUB_URL, url, exc
                )
                continue
            if 200 <= response.status_code < 300:
                accepted += 1
            else:
                logger.warning("websub: hub answered %s for %s", response.status_code, url)
    return accepted
