"""Who may talk to the explorer app, and what the page may load.

- Bound to loopback (127.0.0.1, ::1) the app answers local requests without a
  token; bound to any other host, every request needs the access token, as
  ``Authorization: Bearer TOKEN`` or the cookie that ``GET /?token=TOKEN`` sets.
  Without it: HTTP 401.
- On loopback the Host header must be a loopback name: a web page cannot reach
  the app through a DNS name rebound to 127.0.0.1.
- A request that changes state (curation) carries the CSRF token the page got
  with its HTML, in ``X-CSRF-Token``; a request authenticated by the bearer
  header needs none (a browser never adds that header by itself). Any POST
  from another origin is refused.
- Every response carries a Content-Security-Policy allowing only the server
  itself: the page cannot load or send anything elsewhere, nor run inline code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
TOKEN_COOKIE = "threadline_token"
CSRF_HEADER = "x-csrf-token"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# Paths whose POST changes the workspace.
STATE_CHANGING = ("/api/judgements",)


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the app on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    return host.strip("[]") in ("127.0.0.1", "::1")


@dataclass
class Access:
    """The secrets of one server run: access token (None on loopback) and CSRF token."""

    host: str
    port: int
    token: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @classmethod
    def for_host(cls, host: str, port: int, token: str | None = None) -> Access:
        """Loopback needs no token unless one is given; any other host always has one."""
        if token is None and not is_loopback(host):
            token = secrets.token_urlsafe(24)
        return cls(host=host, port=port, token=token)

    def allowed_hosts(self) -> set[str] | None:
        """Host header values accepted on loopback; None (any) elsewhere, where the token guards.

        Without a token, a web page could reach a loopback server through a DNS
        name rebound to 127.0.0.1; only loopback names are accepted there.
        """
        bare = self.host.strip("[]")
        if not is_loopback(bare) and self.token is not None:
            return None
        return {bare, *LOOPBACK_HOSTS}


def _host_name(header: str) -> str:
    """``example:8765`` -> ``example``; ``[::1]:8765`` -> ``::1``."""
    return urlsplit(f"//{header}").hostname or ""


class Guard(BaseHTTPMiddleware):
    """Host, token, origin and CSRF checks on every request; security headers on every answer."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        super().__init__(app)
        self.access = access

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = self._refuse(request)
        if response is None:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers["cache-control"] = "no-store"
        return response

    def _refuse(self, request: Request) -> Response | None:
        access = self.access
        allowed = access.allowed_hosts()
        host = _host_name(request.headers.get("host", ""))
        if allowed is not None and host not in allowed:
            return _error(400, "unknown Host header")
        bearer = False
        if access.token is not None:
            header = request.headers.get("authorization", "")
            given = header[7:].strip() if header.lower().startswith("bearer ") else ""
            bearer = bool(given) and secrets.compare_digest(given, access.token)
            cookie = request.cookies.get(TOKEN_COOKIE, "")
            by_cookie = bool(cookie) and secrets.compare_digest(cookie, access.token)
            query = request.query_params.get("token", "")
            if request.url.path == "/" and query:
                if not secrets.compare_digest(query, access.token):
                    return _error(401, "wrong access token")
                redirect = RedirectResponse("/", status_code=303)
                redirect.set_cookie(
                    TOKEN_COOKIE, access.token, httponly=True, samesite="strict", path="/"
                )
                return redirect
            if not (bearer or by_cookie):
                return _error(401, "access token required: open the address the server printed")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin is not None and urlsplit(origin).netloc != request.headers.get("host", ""):
                return _error(403, "cross-origin request refused")
            if request.url.path.startswith(STATE_CHANGING) and not bearer:
                given = request.headers.get(CSRF_HEADER, "")
                if not (given and secrets.compare_digest(given, access.csrf)):
                    return _error(403, "missing or wrong CSRF token")
        return None


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)
