"""Wagtail's page privacy through the WSGI application the server runs (page cache included): a
reader with the password sees the page, everyone else the password form; the page stays out of
the cache, the menus and the sitemaps."""

import io
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from wagtail.models import PageViewRestriction

from newsdesk.core.models import InfoPage
from tests.page_requests import Response, keeping_the_test_transaction

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Тарифы для партнёров: от ста тысяч рублей."
PASSWORD = "partners-2026"


class Reader:
    """One reader's browser: requests through the WSGI application, keeping its cookies."""

    def __init__(self, app):
        self.app = app
        self.cookies = SimpleCookie()

    def get(self, path):
        return self.call("GET", path)

    def post(self, path, data):
        body = urlencode(data).encode()
        return self.call(
            "POST",
            path,
            body,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
        )

    def call(self, method, path, body=b"", **extra):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            **extra,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"], started["headers"] = status, headers

        with keeping_the_test_transaction():
            result = self.app(environ, start_response)
            content = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        for name, value in started["headers"]:
            if name.lower() == "set-cookie":
                self.cookies.load(value)
        return Response(started["status"], started["headers"], content)


def form_fields(html: str) -> dict:
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    fields["action"] = re.search(r'<form action="([^"]+)"', html).group(1)
    return fields


@pytest.fixture
def app():
    from newsdesk import wsgi

    return wsgi.application


@pytest.fixture
def private_page(site):
    page = InfoPage(title="Партнёрам", slug="partners", body=f"<p>{SECRET_TEXT}</p>")
    site["ru"].home.add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return page


def test_a_reader_with_the_password_opens_the_page_and_nobody_else_gets_it(app, private_page):
    reader = Reader(app)
    asked = reader.get("/ru/partners/")
    assert asked.status_code == 200
    assert "Требуется пароль" in asked.text() and SECRET_TEXT not in asked.text()
    form = form_fields(asked.text())
    assert form["action"].startswith("/ru/_util/authenticate_with_password/")

    wrong = reader.post(form["action"], {**form, "password": "guess"})
    assert wrong.status_code == 200
    assert "пароль неверный" in wrong.text() and SECRET_TEXT not in wrong.text()

    right = reader.post(form["action"], {**form, "password": PASSWORD})
    assert right.status_code == 302 and right.headers["location"] == "/ru/partners/"
    opened = reader.get("/ru/partners/")
    assert opened.status_code == 200 and SECRET_TEXT in opened.text()
    assert opened.headers.get("x-cache") is None  # a reader with a session is never cached

    # Other readers, however many times they ask, get the form: nothing the first one saw was
    # kept for them.
    for _ in range(2):
        other = Reader(app).get("/ru/partners/")
        assert "Требуется пароль" in other.text() and SECRET_TEXT not in other.text()


def test_a_password_protected_page_is_left_out_of_menus_and_sitemaps(app, client, site):
    page = InfoPage(title="Партнёрам", slug="partners", body=f"<p>{SECRET_TEXT}</p>")
    site["ru"].home.add_child(instance=page)
    page.save_revision().publish()
    assert 'href="/ru/partners/"' in client.get("/ru/").content.decode()
    assert "/ru/partners/" in client.get("/sitemaps/ru-pages.xml").content.decode()

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    assert 'href="/ru/partners/"' not in client.get("/ru/").content.decode()
    assert "/ru/partners/" not in client.get("/sitemaps/ru-pages.xml").content.decode()
    assert 'href="/ru/partners/"' not in Reader(app).get("/ru/about/").text()
