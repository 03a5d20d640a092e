"""What a reader's browser is told about the page: a strict Content-Security-Policy with nothing
inline to allow, no sniffing, no framing by other sites, a referrer policy; the admin keeps
Wagtail's own rules."""

import re

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)


def public_pages(newsroom):
    # The article has a photo in its text, a quote, a cross-link, tags and a translation.
    return ["/ru/", "/en/", "/ru/news/", newsroom["article"].get_url(), "/ru/no-such-page/"]


def test_public_pages_carry_a_strict_content_security_policy(client, newsroom):
    for url in public_pages(newsroom):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert directives["frame-ancestors"] == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_public_pages_hold_no_inline_script_or_style_for_the_policy_to_block(client, newsroom):
    for url in public_pages(newsroom):
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.findall(html), url
        assert "<style" not in html, url
        assert ' style="' not in html, url
        assert "<script" in html  # the page's own script, from a file


def test_the_admin_is_left_to_wagtails_own_rules(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
