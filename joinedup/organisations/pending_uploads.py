"""An uploaded file kept between a dry run's preview and the confirmed import.

The file is written under MEDIA_ROOT/imports/pending/ (never served) with a random token;
the session holds which tokens its user may confirm, and for which organisation.
"""

import secrets
from pathlib import Path

from django.conf import settings


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(request, kind: str, organisation_code: str, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    (_folder() / token).write_bytes(data)
    pending = request.session.get("pending_uploads", {})
    pending[token] = [kind, organisation_code]
    request.session["pending_uploads"] = pending
    return token


def load(request, kind: str, organisation_code: str, token: str) -> bytes | None:
    """The kept file, if this session uploaded it for this organisation; else None."""
    if request.session.get("pending_uploads", {}).get(token) != [kind, organisation_code]:
        return None
    try:
        return (_folder() / Path(token).name).read_bytes()
    except OSError:
        return None


def discard(request, token: str) -> None:
    pending = request.session.get("pending_uploads", {})
    pending.pop(token, None)
    request.session["pending_uploads"] = pending
    (_folder() / Path(token).name).unlink(missing_ok=True)
