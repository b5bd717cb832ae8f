"""Django settings for gongkai. Every knob is a GONGKAI_* environment variable (see README)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.conf import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_matching,
    env_networks,
    env_str,
    env_url,
    private_dir,
    private_file,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

# Production turns on every transport-security setting; the embedded default stays usable on http://127.0.0.1.
PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("GONGKAI_DEBUG cannot be on when GONGKAI_PRODUCTION is on")


def _secret_key() -> str:
    """Use GONGKAI_SECRET_KEY; the embedded install keeps a generated key in the data directory."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("GONGKAI_SECRET_KEY must be set in production")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    return private_file(path, secrets.token_urlsafe(50)).read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address printed on PDFs and QR codes; staff set it to the site's real domain. Unset, pages use
# the address they were requested at (see gongkai.printing.siteurl); production requires an https:// value.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").rstrip("/")

# Site identity shown in every page's footer and metadata (国办发〔2017〕47号), each only when set.
SITE_NAME = env_str("SITE_NAME")  # the website's name; unset, the default catalog's publisher
# 网站标识码 from the national register of government websites: ten letters or digits.
SITE_ID_CODE = env_matching("SITE_ID_CODE", r"[0-9A-Za-z]{10}", "1522230001")
SITE_ICP = env_matching("ICP", r".*ICP备\s*\d+号.*", "蒙ICP备12345678号")  # ICP备案号
SITE_PSB = env_matching("PSB", r".*公网安备\s*\d+号.*", "蒙公网安备15222302000001号")  # 公安机关备案号
SITE_SPONSOR = env_str("SITE_SPONSOR")  # 主办单位
SITE_OPERATOR = env_str("SITE_OPERATOR")  # 承办单位
# The 党政机关网站标识 record page (bszs.conac.cn) the 开办 mark links to.
SITE_CONAC_URL = env_url("SITE_CONAC_URL")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "treebeard",
    # Only for its templates and static files: the API explorer then loads Swagger UI from our own server.
    "ninja",
    "gongkai.bodies",
    "gongkai.outbox",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.publishing",
    "gongkai.printing",
    "gongkai.workdays",
    "gongkai.translations",
    "gongkai.catalog",
    "gongkai.lifeevents",
    "gongkai.guides",
    "gongkai.catalog_upload",
    "gongkai.compliance",
    "gongkai.inforequests",
    "gongkai.reports",
    "gongkai.portal",
    "gongkai.feedback",
    "gongkai.search",
    "gongkai.api",
    "gongkai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses whatever comes back from further in (pages, JSON, the embedded server's static files);
    # Django pads each compressed body with random bytes against BREACH, so nginx leaves app responses alone.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database this request reads from: a replica for anonymous public reads, else the primary.
    "gongkai.dbrouting.ReplicaReadsMiddleware",
    # Anonymous public pages from the page cache: a cached answer skips everything below.
    # The address's language (Chinese, or Mongolian under /mn/); a visitor who chose Mongolian is sent to the
    # Mongolian address before the cache answers with the Chinese page.
    "gongkai.languages.LanguageMiddleware",
    "gongkai.publishing.caching.PageCacheMiddleware",
    # Outermost after static files: a lost database anywhere further in becomes a 503 page, which still
    # passes back through SecurityMiddleware for its headers.
    "gongkai.ops.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A password-only session of someone who turned on two-step verification counts as no login at all.
    "gongkai.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must run last so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
                "gongkai.languages.context",
            ],
        },
    },
]


def _database() -> dict:
    # DATABASE_URL keeps its conventional name (no prefix) so hosting tools can set it.
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Health checks drop a connection that died (e.g. a database restart) instead of failing one request.
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
        if config["ENGINE"] == "django.db.backends.postgresql":
            # PostgreSQL compiles "expensive" plans (search across many catalogs) with LLVM first, which
            # costs ~0.1 s per query and saves nothing on queries that run well under a second.
            options = config.setdefault("OPTIONS", {})
            options["options"] = (options.get("options", "") + " -c jit=off").strip()
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _private_sqlite_file(DATA_DIR / "gongkai.sqlite3"),
        # Opening the file and running the PRAGMAs below took more than half of a cached page's time.
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers continue while a writer commits; IMMEDIATE avoids "database is locked"
            # upgrades from read to write transactions under concurrent requests.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def _private_sqlite_file(path: Path) -> Path:
    """The embedded database holds names, e-mail addresses and password hashes: its directory is 0700 and the
    file 0600 (SQLite gives its -wal and -shm files the database file's mode). In production nginx reads
    DATA_DIR/static, so there the directory keeps the mode systemd gives it (UMask=0027) and only files close."""
    if PRODUCTION:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    else:
        private_dir(DATA_DIR)
    for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            companion.chmod(0o600)
    return private_file(path)


DATABASES = {"default": _database()}


def _replicas() -> dict:
    """PostgreSQL streaming replicas that serve public reads (see gongkai.dbrouting and docs/ops.md)."""
    urls = env_list("DATABASE_REPLICA_URLS")
    if urls and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "GONGKAI_DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL (the primary)"
        )
    replicas = {}
    for number, url in enumerate(urls, start=1):
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(f"GONGKAI_DATABASE_REPLICA_URLS: {url!r} is not a PostgreSQL address")
        options = config.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
        # A replica that does not answer quickly is skipped for the primary, not waited for.
        options.setdefault("connect_timeout", env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2, minimum=1))
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{number}"] = config
    return replicas


DATABASES.update(_replicas())
DATABASE_ROUTERS = ["gongkai.dbrouting.ReplicaRouter"]
# After a replica fails to answer, requests read from the primary for this long before trying it again.
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 30, minimum=1)


def _page_cache(value: str | None = None) -> dict:
    """Where finished public pages are kept (see gongkai.publishing.caching): GONGKAI_PAGE_CACHE is `auto`
    (the default), `database`, `memory` (each worker its own), `off`, a folder as `file:/var/cache/gongkai`,
    or a `redis://` address (needs the `redis` package)."""
    value = value or env_str("PAGE_CACHE", "auto")
    if value == "auto":
        # On SQLite, storing a page is a write: it would queue behind a publication's write transaction
        # (every page misses right then), so the embedded default keeps pages as files beside the
        # database. PostgreSQL takes the writes alongside and shares the pages between app servers.
        embedded = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        value = f"file:{DATA_DIR / 'page-cache'}" if embedded else "database"
    # Keys carry the site's change stamp, so every backend is safe with several workers: a publication
    # changes the key everywhere at once.
    if value == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    if value == "memory":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    if value == "off":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if value.startswith("file:"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": value[5:],
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        }
    if value.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    raise ImproperlyConfigured(
        f"GONGKAI_PAGE_CACHE must be auto, database, memory, off, file:/folder or redis://…, not {value!r}"
    )


# The database cache is shared by every app server, so rate limits hold across processes.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"},
    "pages": _page_cache(),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: five wrong passwords for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_HOURS", 1, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The proxies whose X-Forwarded-For is believed (nginx on the same machine: 127.0.0.1). Empty by default: then
# the connection's own address is the client's, for the rate limits and the login lockout alike.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "gongkai.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"

# Two-step verification (an authenticator app's 6-digit code after the password) is each staff member's
# choice unless this is on; then staff without it are sent to set it up before anything else.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)

# Mongolian PDFs are printed by Chromium (gongkai.printing.vertical): how long one may take before the
# reader gets a "try again" page, how many may run at once on this machine, and which browser (else the
# first of chromium, chromium-browser, google-chrome on the PATH).
PDF_TIMEOUT = env_int("PDF_TIMEOUT", 30, minimum=5)
PDF_PARALLEL = env_int("PDF_PARALLEL", 2, minimum=1)
PDF_CHROMIUM = env_str("PDF_CHROMIUM")

LANGUAGE_CODE = "zh-hans"
# Mongolian in the traditional script (mn-Mong), under /mn/: see gongkai/languages.py.
LANGUAGES = [("zh-hans", "简体中文"), ("mn", "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ")]
# Our interface words first (makemessages writes to the first), then Django's own words in the script: its
# catalog for mn is Cyrillic (docs/translating.md). Our date formats for mn are in gongkai/formats.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
FORMAT_MODULE_PATH = ["gongkai.formats"]
LANGUAGE_COOKIE_NAME = "gk_lang"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only production collects static files; the embedded install serves them from the app folders.
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The embedded install serves straight from the app folders, so `gongkai serve` needs no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

LOGIN_URL = "admin:login"
# Django's own page is English; ours says what to do, with the staff navigation on staff pages.
CSRF_FAILURE_VIEW = "gongkai.accounts.errors.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    # Monitors probe /healthz on the app server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_HOST = env_str("SMTP_HOST", "localhost")
EMAIL_PORT = env_int("SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("SMTP_TLS", False)
# Seconds before a mail server that does not answer counts as a failed attempt (the outbox retries later).
EMAIL_TIMEOUT = env_int("SMTP_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("MAIL_FROM", "gongkai@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
