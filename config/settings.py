"""Settings for the registry: one module, every deployment-specific value read from the environment.

Defaults suit a developer's machine (SQLite file beside manage.py, DEBUG on); production sets
DATABASE_URL=postgres://…, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS.
"""

import importlib.util
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.file_storage import storages_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# With DEBUG on, a missing page is still the registry's own (config/middleware.py) unless this is on.
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "django_tasks",
    "config.apps.BackgroundTasksConfig",  # django_tasks_db, named in Chinese
    "config.apps.LoginLockoutsConfig",  # django-axes, named in Chinese
    "branches",
    "registry",
    "outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "branches.changes.RequestMiddleware",  # the versions of remembered figures, read once a request
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.OwnNotFoundPageMiddleware",
    "config.middleware.NullCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "branches.sessions.SessionTimeoutMiddleware",
    "branches.sessions.RoleInForceMiddleware",  # the role chosen in the navigation, for those with several
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "branches.readonly.ReadOnlyRolesMiddleware",  # a reviewer's POST is refused before any view
    "config.middleware.SearchThrottleMiddleware",
    "config.middleware.MaskedForReviewersMiddleware",
    # Last: turns axes' refusal of a locked-out login into the login page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# Django's renderer, with select boxes and inputs written in Python (thousands of options, hundreds of
# inputs on a month sheet: config/rendering.py).
FORM_RENDERER = "config.rendering.QuickRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "branches.context_processors.role",
                "branches.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (the dev server, the task worker's heartbeat, a management command) share the
    # file: wait instead of failing. IMMEDIATE takes the write lock when a transaction begins, so a
    # transaction that read first and writes later waits for another writer (up to the timeout)
    # instead of failing at once with "database is locked" (SQLite cannot upgrade a read lock
    # while another connection writes).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation (unless DATABASE_URL's ?options= says otherwise): the registry's statements run in
    # tens of milliseconds, and compiling one whose estimated cost passed jit_above_cost (the formation
    # advice's enterprises, a thousand organizations with their subqueries) took 35 ms of the 60 it ran.
    # Parallel workers stay allowed: alone, a page's sorts and counts over every member ran in half the time
    # with them (bench/dashboard.py, 100,000 members: the roster sorted 177 against 400 ms, coverage 187
    # against 470). Under many users they cost CPU the other web workers need (docs/operations.md: with
    # ?options=-c%20jit%3Doff%20-c%20max_parallel_workers_per_gather%3D0, bench/load.py went 16 -> 21 pages a
    # second on 2 cores).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes (and WhiteNoise serves from): REGISTRY_STATIC_ROOT, else staticfiles/ in the project.
STATIC_ROOT = Path(os.environ.get("REGISTRY_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files (uploads, error workbooks, printed batches) go to STORAGES["private"]: MEDIA_ROOT/private/ on
# the local disk, or an S3-compatible bucket shared by every app machine and task worker when
# REGISTRY_S3_BUCKET is set (REGISTRY_S3_ENDPOINT_URL, _REGION, _PREFIX; README#deployment).
STORAGES = storages_from_environment(os.environ, debug=DEBUG)
if os.environ.get("REGISTRY_S3_BUCKET") and importlib.util.find_spec("storages") is None:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("REGISTRY_S3_BUCKET is set: install the S3 extra first (pip install '.[s3]').")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Logins: axes counts failures per user name from one address and refuses that pair for a while after
# AXES_FAILURE_LIMIT of them, and the user name from every address only after REGISTRY_USERNAME_FAILURE_LIMIT
# (config/logins.py, PairFirstHandler): a stranger cannot lock a user out with ten guesses, nor a whole
# office behind one address. Admins see and lift lockouts in the admin (Axes › access attempts).
# The demo's published passwords are refused unless DEBUG is on (config/logins.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.logins.DemoPasswordBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]  # in this order: PairFirstHandler reads them so
AXES_HANDLER = "config.logins.PairFirstHandler"
REGISTRY_USERNAME_FAILURE_LIMIT = int(os.environ.get("REGISTRY_USERNAME_FAILURE_LIMIT", "50"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.logins.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no banner at start-up; failures and lockouts are still logged
# Behind a reverse proxy, the number of proxies in front of the registry (X-Forwarded-For); without it
# every client has the proxy's address. `check --deploy` warns when it is missing in production.
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_IPWARE_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploads (spreadsheets) may be large; personal data never goes into a URL or a log line.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

SESSION_COOKIE_HTTPONLY = True
# A session ends 12 hours after the login whatever happens, and earlier after SESSION_IDLE_SECONDS
# without a request (branches.sessions keeps both clocks in the session).
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 60 * 60 * 2))

# Content-Security-Policy (django-csp): every script and style sheet comes from our own static
# files, no inline script anywhere. Style *attributes* stay allowed: the bars and the tree's
# indents are drawn from a CSS custom property set per row (style="--share: 40%"), which cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # HTTPS only, unless told otherwise: `DEBUG=false make run` serves the demo on plain
    # http://127.0.0.1, with HTTPS=false.
    HTTPS = env_bool("HTTPS", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A refused or missing page (403, 404) is an ordinary answer, not worth a traceback in the
    # console; errors (500) are still logged with theirs.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django.request": {"level": "ERROR"}},
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Background work (spreadsheet imports): django-tasks with its database backend, so that any
# number of web workers and `manage.py db_worker` processes share one queue in PostgreSQL.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

# The rooms (capabilities) in the order the pages show them: each module defines ROOM = Room(...)
# (branches/rooms.py, docs/adding-a-capability.md). A new capability adds one line here. The home
# page shows the rooms' work lists, then their cards, and the member's page their sections, in this
# order; the navigation groups the links (NAV_GROUPS), each group in this order unless a link says
# its `order` (the figures group: overview, six knowns, survey, dues, balance, coverage).
REGISTRY_ROOMS: list[str] = [
    "registry.figures.room",
    "registry.members.room",
    "registry.dues.room",
    "registry.development.room",
    "registry.organizations.room",
    "registry.surveys.room",
    "registry.movements.room",
    "registry.discipline.room",
    "registry.lostcontact.room",
    "registry.orglife.room",
    "registry.appraisal.room",
    "registry.assessment.room",
    "registry.committees.room",
    "registry.honours.room",
    "registry.statistics.room",
    "registry.imports.room",
    "registry.checkin.room",
    "registry.reconcile.room",
    "registry.sendbacks.room",
    "registry.bulk.room",
    "outreach.contacts.room",
    "outreach.certificates.room",
    "outreach.letters.room",
    "branches.room",
]

# Spreadsheet uploads: refused above this size (docs/spreadsheets.md#files; the import says so in words).
REGISTRY_IMPORT_MAX_BYTES = int(os.environ.get("REGISTRY_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# ... and a sheet is read up to this many rows, and cells (the rectangle from its first used cell to
# its last): a small file may declare millions of them (docs/spreadsheets.md#files).
REGISTRY_IMPORT_MAX_ROWS = int(os.environ.get("REGISTRY_IMPORT_MAX_ROWS", 250_000))
REGISTRY_IMPORT_MAX_CELLS = int(os.environ.get("REGISTRY_IMPORT_MAX_CELLS", 20_000_000))
# ... and its XML may expand to this much at most (a zip bomb expands a thousandfold; a real roster
# tenfold: a million rows are 1.5 GB of XML).
REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024)
)
# A sheet larger than this (cells of its rectangle) is read streamed, slower but in bounded memory.
REGISTRY_IMPORT_STREAMED_CELLS = int(os.environ.get("REGISTRY_IMPORT_STREAMED_CELLS", 3_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# A run checking or writing whose worker has given no sign of life for this long (it beats every
# second) is marked interrupted, and can be started again (registry/imports/runs.py).
REGISTRY_IMPORT_STALE_SECONDS = int(os.environ.get("REGISTRY_IMPORT_STALE_SECONDS", 60))

# A list export (members, organizations, chambers, enterprises, the six knowns' work list) of more rows
# than this is prepared by a background worker and downloaded from its page (registry/exports/jobs.py):
# 100,000 members take seconds to write, a million longer than gunicorn lets a request last.
REGISTRY_EXPORT_IN_REQUEST_ROWS = int(os.environ.get("REGISTRY_EXPORT_IN_REQUEST_ROWS", 20_000))

# Roster pagination.
REGISTRY_PAGE_SIZE = 50
# A list printed whole (registry/exports/prints.py) takes at most this many rows; beyond it the list
# says to narrow the filters or export to Excel (a PDF of thousands of rows takes minutes to lay out).
REGISTRY_PRINT_MAX_ROWS = int(os.environ.get("REGISTRY_PRINT_MAX_ROWS", 3000))

# Organizational life (docs/orglife.md#attachments): a meeting's photo or scan is refused above
# this size; only images (JPEG, PNG, WebP) and PDFs are kept, under MEDIA_ROOT/private/, served by no URL.
REGISTRY_ATTACHMENT_MAX_BYTES = int(os.environ.get("REGISTRY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
# How often each kind of meeting is owed (docs/orglife.md#compliance): "month", "quarter" or "year", the
# national defaults [支部条例 art. 19–21; ORGLIFE.md §1], each overridden by REGISTRY_MEETING_FREQUENCY_<KIND>
# (REGISTRY_MEETING_FREQUENCY_PARTY_DAY=quarter). Committee meetings are owed only where a committee sits.
_MEETING_FREQUENCY_DEFAULTS = {
    "general_meeting": "quarter",
    "committee_meeting": "month",
    "group_meeting": "month",
    "lecture": "quarter",
    "party_day": "month",
    "life_meeting": "year",
    "talk": "year",
    "leadership_meeting": "year",
}
REGISTRY_MEETING_FREQUENCIES = {
    kind: os.environ.get(f"REGISTRY_MEETING_FREQUENCY_{kind.upper()}", default).strip()
    for kind, default in _MEETING_FREQUENCY_DEFAULTS.items()
}
# Which kinds each level of organization owes (ORGLIFE.md §1, "who owes which kind"): branches their general
# meeting, lecture, party day and organizational life meeting; any organization its committee's meetings
# (where a committee sits); party groups their group meetings; general branches and committees their
# committee's meetings and the yearly life meeting (committees: the leadership meeting). Heart-to-heart
# talks are owed to each member, not by an organization. REGISTRY_MEETINGS_OWED_<LEVEL>: comma-separated kinds.
_MEETINGS_OWED_DEFAULTS = {
    "committee": "committee_meeting,leadership_meeting",
    "general_branch": "committee_meeting,life_meeting",
    "branch": "general_meeting,committee_meeting,lecture,party_day,life_meeting",
    "joint_branch": "general_meeting,committee_meeting,lecture,party_day,life_meeting",
    "temporary_branch": "general_meeting,committee_meeting,lecture,party_day,life_meeting",
    "party_group": "group_meeting",
}
REGISTRY_MEETINGS_OWED = {
    level: [
        word.strip()
        for word in os.environ.get(f"REGISTRY_MEETINGS_OWED_{level.upper()}", kinds).split(",")
        if word.strip()
    ]
    for level, kinds in _MEETINGS_OWED_DEFAULTS.items()
}

# The annual appraisal (docs/appraisal.md#cap): at most this share of the full members taking part in a
# round may be graded 优秀 [ORGLIFE.md §3: a third], rounded down; a fraction ("1/3"), a decimal or a percentage.
REGISTRY_APPRAISAL_EXCELLENT_SHARE = os.environ.get("REGISTRY_APPRAISAL_EXCELLENT_SHARE", "1/3")

# Development (docs/lifecycle.md#public-notices): a decision (development target, admission,
# making full) may be recorded only once its public notice has run this many calendar days.
REGISTRY_NOTICE_DAYS = int(os.environ.get("REGISTRY_NOTICE_DAYS", "10"))

# Committees and their terms (docs/committees.md). A term's length in years by the organization's
# level: branches and general branches 3, committees 5 [支部条例; 党章 allows three to five years].
_BRANCH_TERM_YEARS = int(os.environ.get("REGISTRY_TERM_YEARS_BRANCH", "3"))
REGISTRY_TERM_YEARS = {
    "committee": int(os.environ.get("REGISTRY_TERM_YEARS_COMMITTEE", "5")),
    "general_branch": int(os.environ.get("REGISTRY_TERM_YEARS_GENERAL_BRANCH", "3")),
    "branch": _BRANCH_TERM_YEARS,
    "joint_branch": _BRANCH_TERM_YEARS,
    "temporary_branch": _BRANCH_TERM_YEARS,
}
# An organization with this many full members whose membership is held here sets up a committee
# (a branch committee of 3 to 5; fewer: a secretary and, where needed, a deputy) [支部条例].
REGISTRY_COMMITTEE_MIN_FULL_MEMBERS = int(os.environ.get("REGISTRY_COMMITTEE_MIN_FULL_MEMBERS", "7"))
# The committee office's list of terms ending soon looks this many calendar months ahead.
REGISTRY_TERM_ENDING_MONTHS = int(os.environ.get("REGISTRY_TERM_ENDING_MONTHS", "6"))
# A term may be postponed (延期换届), with the approval of the committee above, by at most this many months.
REGISTRY_TERM_POSTPONEMENT_MAX_MONTHS = int(os.environ.get("REGISTRY_TERM_POSTPONEMENT_MAX_MONTHS", "12"))
# 差额选举: committee members are elected from at least this many percent more candidates than seats.
REGISTRY_ELECTION_CANDIDATE_SURPLUS_PERCENT = int(os.environ.get("REGISTRY_ELECTION_CANDIDATE_SURPLUS_PERCENT", "20"))
# Formation advice: a joint branch covering more units (host enterprises) than this should consider splitting.
REGISTRY_JOINT_BRANCH_MAX_UNITS = int(os.environ.get("REGISTRY_JOINT_BRANCH_MAX_UNITS", "5"))
# Committee posts besides 书记, 副书记, 组织委员, 宣传委员, 纪检委员 and 委员: the words a form offers and an
# import takes for an "other" post (comma-separated in the environment).
_OTHER_POSTS = "青年委员,统战委员,保密委员,群工委员,妇女委员"
REGISTRY_COMMITTEE_OTHER_POSTS = [
    word.strip() for word in os.environ.get("REGISTRY_COMMITTEE_OTHER_POSTS", _OTHER_POSTS).split(",") if word.strip()
]

# The committee's yearly assessment of branches (党建考评, docs/assessment.md; ORGLIFE.md §4; article
# 001).
# The grades, best first, each with the lowest total that earns it: "name:minimum,…" in the environment
# (REGISTRY_ASSESSMENT_GRADES="好:90,较好:80,一般:60,差:0"); the last one takes every total below
# the others.
_ASSESSMENT_GRADES = os.environ.get("REGISTRY_ASSESSMENT_GRADES", "好:90,较好:80,一般:60,差:0")
REGISTRY_ASSESSMENT_GRADES = [
    (name.strip(), int(minimum))
    for name, _sep, minimum in (part.partition(":") for part in _ASSESSMENT_GRADES.split(","))
]
# A new year's scheme: its items and their weights (summing to 100), "key:weight,…" in the environment. The
# computed items are six_knowns, meetings, dues, participation, term and development (the registry's), and
# contacts and certificates (computed by outreach's rooms from the contact log and the certificate register,
# Room.assessment_items; docs/assessment.md#items); any other key is scored by hand (work: the committee's
# own judgement of the year's work).
_ASSESSMENT_ITEMS = os.environ.get(
    "REGISTRY_ASSESSMENT_ITEMS",
    "six_knowns:15,contacts:10,meetings:20,dues:10,participation:15,certificates:5,term:5,development:5,work:15",
)
REGISTRY_ASSESSMENT_ITEMS = [
    (key.strip(), int(weight)) for key, _sep, weight in (part.partition(":") for part in _ASSESSMENT_ITEMS.split(","))
]

# The most members one action on many touches at once (registry/bulk, docs/domain.md#acting-on-many):
# beyond it the action is refused with a sentence saying to narrow the list's filters.
REGISTRY_BULK_INLINE_MAX = int(os.environ.get("REGISTRY_BULK_INLINE_MAX", "300"))

# The inbox's e-mail digest (docs/inbox.md#digest, `manage.py send_digests`): Django's e-mail, set from
# the environment — SMTP when EMAIL_HOST is set, otherwise the console (the demo, development).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
# Where the registry is reached: the digest's links start with it.
REGISTRY_SITE_URL = os.environ.get("REGISTRY_SITE_URL", "http://127.0.0.1:8000")

# How long a member's personal check-in link stays valid, in days (docs/checkin.md#links).
REGISTRY_CHECKIN_DAYS = int(os.environ.get("REGISTRY_CHECKIN_DAYS", "30"))
# ... and the longest it may be made for (`checkin_link --days`): a link is a key to a member's record.
REGISTRY_CHECKIN_MAX_DAYS = int(os.environ.get("REGISTRY_CHECKIN_MAX_DAYS", "180"))
# Requests one address may make to the open pages (check-in, arrival) per ten minutes
# (docs/checkin.md#security). Counted in the cache, which is the database's (below): one count
# for all the web server's workers.
REGISTRY_OPEN_PAGE_LIMIT = int(os.environ.get("REGISTRY_OPEN_PAGE_LIMIT", "60"))
# Searches (`?q=`) one logged-in user may make per ten minutes, counted in the same cache
# (config.middleware.SearchThrottleMiddleware; issue 20 §1): plenty for a person, too few to try
# the numbers a mask hides.
REGISTRY_SEARCH_LIMIT = int(os.environ.get("REGISTRY_SEARCH_LIMIT", "120"))

# The cache is a table of the database (created by migration registry 0012), so that what it
# counts -- the open pages' throttle -- is shared by every worker of every host on that database,
# with nothing else to run. The figures below are cached apart.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "registry_cache"},
    # The committee's figures, counted once and shown again while nothing they were counted from has
    # changed (branches/remembered.py; PostgreSQL only): files that the workers of one machine share.
    # No time limit decides whether one is still right; the timeout only lets what nobody asks for go.
    "figures": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("REGISTRY_FIGURES_DIR", os.path.join(tempfile.gettempdir(), "registry-figures")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# Off: every figure is counted afresh on every page, as on SQLite (docs/operations.md#remembered-figures).
REGISTRY_REMEMBER_FIGURES = os.environ.get("REGISTRY_REMEMBER_FIGURES", "true").lower() != "false"

# How many days a transfer-out introduction letter (介绍信) is valid (docs/lifecycle.md#settings).
REGISTRY_TRANSFER_LETTER_DAYS = int(os.environ.get("REGISTRY_TRANSFER_LETTER_DAYS", 30))
# The longest such a letter may be valid: national practice is three months; a letter that runs out
# before the member reports is re-issued (docs/lifecycle.md#transfer-letters).
REGISTRY_TRANSFER_LETTER_MAX_DAYS = int(os.environ.get("REGISTRY_TRANSFER_LETTER_MAX_DAYS", 90))
# Lost contact (docs/lifecycle.md#lost-contact): 停止党籍 is decided after this many months lost and a
# search [教育条例 art. 24: 6]; a member suspended this many years and still not found is listed for
# 自行脱党除名 (2).
REGISTRY_LOST_CONTACT_SUSPEND_MONTHS = int(os.environ.get("REGISTRY_LOST_CONTACT_SUSPEND_MONTHS", 6))
REGISTRY_SUSPENDED_LAPSE_YEARS = int(os.environ.get("REGISTRY_SUSPENDED_LAPSE_YEARS", 2))
# A farmer's dues a month, in yuan (docs/lifecycle.md#dues-due): a fixed amount from 0.2 to 1 [党费规定].
REGISTRY_DUES_FARMER_MONTHLY = os.environ.get("REGISTRY_DUES_FARMER_MONTHLY", "0.20")

# The liaison letters' reference number (文号), in the committee's pattern: {year} is the year the
# letter is drafted in, {n} its serial number within that year (docs/domain.md#certificates).
REGISTRY_LETTER_REFERENCE = os.environ.get("REGISTRY_LETTER_REFERENCE", "〔{year}〕第{n}号")
