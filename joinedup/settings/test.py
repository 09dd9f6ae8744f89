"""Test settings: the suite runs on SQLite by default and on PostgreSQL when DATABASE_URL says so."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2
# sign-in throttling is off except in its own tests (joinedup/security/tests), which turn it on
AXES_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# the committee-system tests serve a ModernGov web service on loopback (joinedup/committees)
JOINEDUP_ALLOW_PRIVATE_COMMITTEE_SYSTEMS = True

# uploaded papers go to a directory of their own, never the demo's media
MEDIA_ROOT = tempfile.mkdtemp(prefix="joinedup-test-media-")

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # one test database per run, so that two runs on one machine never drop each other's
    DATABASES["default"]["TEST"] = {"NAME": f"test_joinedup_{os.getpid()}"}  # noqa: F405
elif os.environ.get("JOINEDUP_TEST_DB_FILE"):
    # a SQLite test database kept in a file, so that `pytest --reuse-db` skips migrating it again
    DATABASES["default"]["TEST"] = {"NAME": os.environ["JOINEDUP_TEST_DB_FILE"]}  # noqa: F405
