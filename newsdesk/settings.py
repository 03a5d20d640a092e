"""Newsdesk settings: one module, read from the environment.

Defaults are safe for the demo (SQLite file, local-memory cache). Production mistakes fail loudly:
with DEBUG off the start is refused unless SECRET_KEY is set to a real key. Nothing here touches
the network or the database at import.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("NEWSDESK_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, media and static live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=true "
            "for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is too short for production (use 32+ characters).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "csp",
    "newsdesk.core",
    "newsdesk.news",
    "newsdesk.rates",
    "newsdesk.syndication",
    "newsdesk.search",
    "newsdesk.demo",
    "newsdesk.site",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside SessionMiddleware: sees the session as saved (a new one has its key by then).
    "newsdesk.core.middleware.session_marker",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "newsdesk.core.middleware.nul_characters_not_found",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsdesk.core.middleware.private_for_editors",
    "newsdesk.core.middleware.storage_full",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]
# Several machines (README "Several machines"): first, so that they see the whole request.
MIDDLEWARE[:0] = [
    "newsdesk.core.metrics.render_time",  # Prometheus: how long Django took to answer
    "newsdesk.core.replicas.anonymous_reads_from_replicas",  # nothing without replicas
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.core.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL (postgres://…) in production.
DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (as `make test` sets for its SQLite run) means the default.
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsdesk.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work at once; see Django's SQLite notes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # Server-side parameters let psycopg prepare a query it has run a few times on a connection:
    # pages run the same handful of queries, and planning them (joins over wide Wagtail tables)
    # cost more than executing them. Set DATABASE_SERVER_SIDE_BINDING=false behind a pgbouncer
    # in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
        "DATABASE_SERVER_SIDE_BINDING", True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- Several machines: read replicas (README "Several machines") ------------------------------
# DATABASE_REPLICA_URLS (comma-separated postgres:// addresses of streaming replicas): anonymous
# readers' pages, feeds and sitemaps read from a replica that has replayed the primary's last
# write; everything else reads the primary (newsdesk.core.replicas says how it knows).
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
for _number, _replica_url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(
        _replica_url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in _replica["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL, for both ends")
    _replica["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    _replica["TEST"] = {"MIRROR": "default"}  # a test run has one database
    DATABASES[f"replica{_number}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["newsdesk.core.replicas.ReplicaRouter"]
# How long a replica that failed to answer is left alone before it is asked again.
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "5"))

# Cache: local memory by default, Redis when REDIS_URL is set (core.cache: an unreachable Redis
# costs speed, not pages).
REDIS_URL = os.environ.get("REDIS_URL", "")
VERSIONS_FILE_CACHE = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(VAR_DIR / "cache" / "versions"),
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},
}
if REDIS_URL:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES = {
        "default": {
            "BACKEND": "newsdesk.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsdesk"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # No retries inside one call: a page is better served from the database now
                # than after redis-py's three retries (see core.cache for what happens instead).
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsdesk",
            # Whole pages live here too (the page cache): room for a busy edition's hot set.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        # Without Redis each process caches in its own memory, but the versions of what pages
        # are built from must be one for all of them: a publish by `newsdesk worker` (scheduled
        # articles) or by another server process has to make every process's cached pages
        # stale. Files on this machine do that (read at most four times a second per process,
        # see core.dependencies). No timeout: FileBasedCache.incr writes the value again with
        # the default timeout, and a version that expired would start again from the clock,
        # making every page stale five minutes after each publish.
        "versions": VERSIONS_FILE_CACHE,
    }

# Wagtail looks up and re-stores every rendition it shows in a cache of its own ("renditions"),
# falling back to the default cache: with Redis one round trip per photo per page (45 for a
# feed), and even in local memory a pickle per photo. Every page here prefetches its renditions
# from the database in one query, so that cache would only cost: none.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# The page cache (core.pagecache): anonymous GETs are served from the cache above while what they
# were built from is unchanged (core.dependencies). Browsers revalidate (ETag, 304); a CDN or
# nginx in front keeps a page for a second and may serve it stale while revalidating or when the
# site fails.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_MB", "64")) * 1024 * 1024
PAGE_CACHE_CONTROL = (
    "public, max-age=0, s-maxage=1, stale-while-revalidate=30, stale-if-error=86400"
)

# Background work (Wagtail uses django-tasks too). Immediate by default; a database-backed
# worker is configured in production (see README).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Logins: django-axes counts failures per user name and address, and locks that pair out for a
# while after AXES_FAILURE_LIMIT of them (a 429 page; the log says who and from where). Behind a
# proxy, set AXES_IPWARE_META_PRECEDENCE_ORDER via the environment (README "Back office").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
AXES_VERBOSE = False
if os.environ.get("AXES_IPWARE_META_PRECEDENCE_ORDER"):
    AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", "")
# An optional second factor: editors who enrolled an authenticator app (`newsdesk totp add`)
# type its six-digit code on the login form too (core.forms.LoginForm).
WAGTAILADMIN_USER_LOGIN_FORM = "newsdesk.core.forms.LoginForm"
# A newsroom shift, not a fortnight: editors log in again after 12 hours.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the editions. The first one is the default edition (where "/" leads).
_LANGUAGE_NAMES = {"ru": _("Russian"), "en": _("English"), "de": _("German")}
LANGUAGE_CODES = env_list("LANGUAGES", "ru,en")
for _code in LANGUAGE_CODES:
    if _code not in _LANGUAGE_NAMES:
        raise ImproperlyConfigured(
            f"LANGUAGES names {_code!r}, which has no interface translation "
            f"(available: {', '.join(_LANGUAGE_NAMES)})"
        )
LANGUAGE_CODE = LANGUAGE_CODES[0]
LANGUAGES = [(code, _LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsdesk.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Serve uploaded media from Django itself (demo, single machine). Behind nginx, turn it off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "newsdesk.core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000

# -- Several machines: uploads on object storage (README "Several machines") ------------------
# MEDIA_STORAGE_URL=s3://BUCKET[/FOLDER]?endpoint_url=https://storage.example&region_name=…
# puts originals and renditions in an S3-compatible bucket through django-storages (credentials
# from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads them). Pages link to MEDIA_URL
# (a CDN, or the bucket's public address) or else to the endpoint's address of the object.
# Photos are public; documents and anything else are private (acl=false on a bucket with ACLs
# turned off: then its policy must make only the photo folders public) and typed as downloads.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
MEDIA_ORIGIN = ""  # where pages load photos from when it is not the site itself (CSP img-src)
if MEDIA_STORAGE_URL:
    _storage = urlsplit(MEDIA_STORAGE_URL)
    _storage_query = dict(parse_qsl(_storage.query))
    if _storage.scheme != "s3" or not _storage.hostname:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL must look like s3://bucket/folder?…")
    _unknown = set(_storage_query) - {"endpoint_url", "region_name", "addressing_style", "acl"}
    if _unknown:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown option {sorted(_unknown)[0]!r}")
    _endpoint = _storage_query.get("endpoint_url")
    _public = urlsplit(os.environ.get("MEDIA_URL", "") or _endpoint or "")
    if not _public.netloc:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL needs an endpoint_url=… or MEDIA_URL (the bucket's public address "
            "or a CDN's) for the links on pages"
        )
    MEDIA_ORIGIN = f"{_public.scheme}://{_public.netloc}"
    if _storage_query.get("addressing_style") == "virtual" and not os.environ.get("MEDIA_URL"):
        MEDIA_ORIGIN = f"{_public.scheme}://{_storage.hostname}.{_public.netloc}"  # bucket.host
    STORAGES["default"] = {
        "BACKEND": "newsdesk.core.storage.ObjectMediaStorage",
        "OPTIONS": {
            "bucket_name": _storage.hostname,
            "location": _storage.path.strip("/"),
            "endpoint_url": _endpoint,
            "region_name": _storage_query.get("region_name"),
            # Path-style addresses (endpoint/bucket/key) unless told otherwise: every
            # S3-compatible server answers them, and pages then load from the endpoint's origin.
            "addressing_style": _storage_query.get("addressing_style", "path"),
            "object_acls": _storage_query.get("acl") != "false",
            # With MEDIA_URL, links are MEDIA_URL + key, whatever the storage's own address.
            "custom_domain": (_public.netloc + _public.path).rstrip("/")
            if os.environ.get("MEDIA_URL")
            else None,
            "url_protocol": f"{_public.scheme}:",
            "querystring_auth": False,  # public photos: stable addresses, cacheable pages
            "file_overwrite": False,  # a second "photo.jpg" gets a name of its own
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    MEDIA_URL = os.environ.get("MEDIA_URL") or f"{_endpoint.rstrip('/')}/{_storage.hostname}/"
    SERVE_MEDIA = False  # nothing of it is on this machine's disk

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Newsdesk")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Avatars from Wagtail's own default, not Gravatar: no editor's e-mail hash leaves the site, and
# the back office's CSP allows no third-party image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The index holds stems made per edition language (newsdesk.news.search_text); PostgreSQL must not stem
# them again with its default (English) configuration.
# On PostgreSQL, Wagtail's backend with a leaner query (newsdesk.core.wagtail_internals.search says why).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "newsdesk.core.wagtail_internals.search"
        if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        else "wagtail.search.backends.database",
        "SEARCH_CONFIG": "simple",
        # `update_index` writes each chunk in its own transaction (in several processes, see
        # newsdesk.search.bulk) instead of the whole archive in one: entries are replaced in
        # place, so search keeps answering from the old ones meanwhile.
        "ATOMIC_REBUILD": False,
    }
}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]  # no SVG: it runs script
# Uploads are decoded in full and re-encoded without metadata (EXIF GPS) before storing.
WAGTAILIMAGES_IMAGE_FORM_BASE = "newsdesk.core.images.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel camera; more is a bomb, not a photo

# Documents (court rulings, reports; README "Uploaded files and documents"): the formats a
# newsroom attaches, never one a browser shows as a page or runs (HTML, SVG, JavaScript, XML).
# Readers get them only through the download view (newsdesk.core.uploads), as attachments, PDFs
# too: a file in the site's origin is never shown inline.
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "ppt",
    "pptx",
    "odp",
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # never a redirect to the file's address in /media/
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True

WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Translations start as drafts: a live source must not make a live, untranslated copy.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# Mail (review notifications, password resets) from EMAIL_URL through dj-email-url, e.g.
# smtp://user:password@mail.example:587/?tls=True or smtp://…:465/?ssl=True (README "E-mail"). Without
# it mail is printed to the console, and the back office offers no password reset: its links
# would reach nobody.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
_email = dj_email_url.parse(EMAIL_URL or "console://")
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(
        f"EMAIL_URL names an unknown scheme; use one of {', '.join(dj_email_url.SCHEMES)}"
    )
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10  # a hung mail server must not hang a request
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsdesk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAIL_PASSWORD_RESET_ENABLED = env_bool("PASSWORD_RESET", bool(EMAIL_URL))
# Password reset requests (core.accounts), django-ratelimit's "count/period" notation.
PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "3/h")
PASSWORD_RESET_RATE_PER_CLIENT = os.environ.get("PASSWORD_RESET_RATE_PER_CLIENT", "20/h")

# Newsdesk
NEWSDESK_BATCH_SIZE = int(os.environ.get("NEWS_BATCH_SIZE", "20"))
# How often an open "All news" page asks whether newer stories exist (news/latest.json).
NEWSDESK_LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "30"))
NEWSDESK_SEARCH_PAGE_SIZE = int(os.environ.get("SEARCH_PAGE_SIZE", "20"))

# WebSub (https://www.w3.org/TR/websub/): feeds name this hub, and publishing pings it.
WEBSUB_HUB_URL = os.environ.get("WEBSUB_HUB_URL", "")

# Exchange rates (newsdesk.rates): which central bank, which currencies against which base.
RATES = {
    "PROVIDER": os.environ.get("RATES_PROVIDER", "cbr"),  # cbr (base RUB) or ecb (base EUR)
    "URL": os.environ.get("RATES_URL", ""),  # empty: the provider's official address
    "BASE": os.environ.get("RATES_BASE", "RUB"),  # the currency rates are shown in
    "CURRENCIES": env_list("RATES_CURRENCIES", "USD,EUR,CNY"),  # the ticker's currencies
    "MAX_AGE_DAYS": int(os.environ.get("RATES_MAX_AGE_DAYS", "4")),  # older: "as of <date>"
    "MAX_JUMP_PERCENT": float(os.environ.get("RATES_MAX_JUMP_PERCENT", "25")),
    "MAX_DAYS_AHEAD": int(os.environ.get("RATES_MAX_DAYS_AHEAD", "3")),  # CBR dates run ahead
    "CONNECT_TIMEOUT": float(os.environ.get("RATES_CONNECT_TIMEOUT", "5")),
    "READ_TIMEOUT": float(os.environ.get("RATES_READ_TIMEOUT", "10")),
    "TOTAL_TIMEOUT": float(os.environ.get("RATES_TOTAL_TIMEOUT", "30")),
    "MAX_BYTES": int(os.environ.get("RATES_MAX_BYTES", str(2 * 1024 * 1024))),
    "RETRIES": int(os.environ.get("RATES_RETRIES", "3")),
    "BACKOFF": float(os.environ.get("RATES_BACKOFF", "1")),
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# SAMEORIGIN, not DENY: Wagtail's admin shows previews of the site in a frame of its own origin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # (that X_FRAME_OPTIONS is not DENY: see above)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a proxy that terminates HTTPS (README "Deployment"): it must set X-Forwarded-Proto.
if env_bool("BEHIND_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    # A news site's domain is HTTPS throughout; an outlet with plain-HTTP subdomains turns these
    # off (and `check --deploy` then says so): browsers remember them for the whole period.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# Content-Security-Policy on public pages: scripts, styles, fonts and images from this origin
# only, no inline script or style (the JSON-LD blocks are data, not run), no plugins, no
# framing by other sites. Embedded videos (https iframes) may load. Wagtail's admin relies on
# inline scripts and keeps Django's and Wagtail's own protections instead.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "frame-src": ["https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# -- Several machines: health and metrics (README "Several machines") -------------------------
# /healthz (the process answers) and /readyz (database and cache answer) for load balancers;
# Prometheus metrics at METRICS_PATH (empty: none), summed over the server's worker processes.
# Keep the metrics from the public, e.g. nginx's allow-list in deploy/nginx/newsdesk.conf.
METRICS_PATH = os.environ.get("METRICS_PATH", "/metrics").strip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        # Each background task logs its start and end at INFO: too chatty for a console.
        "django_tasks": {"level": "WARNING"},
    },
}
