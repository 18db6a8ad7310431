"""Writes need ``Authorization: Bearer <token>`` equal to the server's STORYLINE_TOKEN.

Reads are open. Without a configured token, writes are refused outright (403),
so a server started without one can never be written to by accident.
"""

from __future__ import annotations

import hmac

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer(auto_error=False, description="The server's STORYLINE_TOKEN.")

WRITES_DISABLED = ("writes are disabled: this server has no STORYLINE_TOKEN; "
                   "restart it with STORYLINE_TOKEN set to accept POST /articles")


def require_token(request: Request,
                  credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    expected: str | None = request.app.state.settings.token
    if not expected:
        raise HTTPException(403, WRITES_DISABLED)
    challenge = {"WWW-Authenticate": 'Bearer realm="storyline"'}
    if credentials is None:
        header = request.headers.get("authorization")
        why = ("missing Authorization header: send 'Authorization: Bearer <token>'" if not header
               else "malformed Authorization header: expected 'Bearer <token>'")
        raise HTTPException(401, why, headers=challenge)
    if not hmac.compare_digest(credentials.credentials.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "invalid token", headers={**challenge, "WWW-Authenticate":
                                                           'Bearer realm="storyline", error="invalid_token"'})
