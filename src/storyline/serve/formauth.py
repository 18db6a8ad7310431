"""Writes from the web UI's forms: the same token as the API's, typed once into a form.

A form that writes (the watchlist editor) carries a ``token`` field. When it matches the server's
STORYLINE_TOKEN (compared in constant time), the response sets an HttpOnly, SameSite=Strict cookie
holding an HMAC of the token, not the token itself; later forms from the same browser need not ask
again. SameSite=Strict keeps other sites' forms from riding on that cookie, and a request whose Origin
names another site is refused outright. Without a configured token, UI writes are off, as API writes are.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request

COOKIE = "storyline_session"
_PURPOSE = b"storyline web UI session"


def session_value(token: str) -> str:
    return hmac.new(token.encode("utf-8"), _PURPOSE, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class FormAuth:
    ok: bool
    reason: str | None = None  # i18n key of why not
    cookie: str | None = None  # a session cookie to set (the token was typed into this form)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


def check(request: Request, typed: str | None) -> FormAuth:
    expected: str | None = request.app.state.settings.token
    if not expected:
        return FormAuth(False, "writes_disabled")
    if not _same_origin(request):
        return FormAuth(False, "other_origin")
    if typed:
        if hmac.compare_digest(typed.encode("utf-8"), expected.encode("utf-8")):
            return FormAuth(True, cookie=session_value(expected))
        return FormAuth(False, "bad_token")
    session = request.cookies.get(COOKIE, "")
    if session and hmac.compare_digest(session.encode("utf-8"), session_value(expected).encode("utf-8")):
        return FormAuth(True)
    return FormAuth(False, "token_needed")


def has_session(request: Request) -> bool:
    expected: str | None = request.app.state.settings.token
    session = request.cookies.get(COOKIE, "")
    return bool(expected and session and hmac.compare_digest(session.encode(), session_value(expected).encode()))
