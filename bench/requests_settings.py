"""Settings for bench/requests_bench.py: dev settings on a throw-away database.

SQLite (default): a fresh file in WAL mode; PostgreSQL when BENCH_DATABASE_URL is set.

Writers start with BEGIN IMMEDIATE (Django 5.1+ SQLite option) so concurrent submissions wait
for the write lock instead of failing on a read→write lock upgrade; the per-IP rate limit is
raised because every simulated institution user comes from 127.0.0.1.
"""

import os

import dj_database_url

from portal.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = (
    {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=60)}
    if os.environ.get("BENCH_DATABASE_URL")
    else {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["BENCH_DB"],
            "OPTIONS": {}
            if os.environ.get("BENCH_SQLITE_DEFAULTS")
            else {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
PRIVATE_MEDIA_ROOT = os.environ["BENCH_PRIVATE_DIR"]
SERVICE_REQUESTS_RATE_LIMITS = {"user": (20, 600), "ip": (10_000, 600)}
ELASTICSEARCH_URL = None
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
