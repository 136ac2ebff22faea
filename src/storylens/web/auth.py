"""Access control for ``storylens serve`` beyond loopback (decision 0702).

With an access token configured, every page and API call needs it: an ``Authorization:
Bearer TOKEN`` header (scripts), or the session cookie that ``POST /login`` sets after the
token is typed into the login form (browsers). Comparisons are constant-time
(``hmac.compare_digest``). Wrong tokens are counted per client address; after
``max_auth_failures`` in ``auth_window_seconds`` that address gets 429 until the window has
passed. The cookie holds an HMAC of the token, not the token, and is HttpOnly and
SameSite=Strict.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque

COOKIE = "storylens_session"
PUBLIC_PATHS = frozenset({"/login", "/static/storylens.css"})


class TokenGate:
    """Checks credentials and rate-limits failures (thread-safe)."""

    def __init__(self, token: str, max_failures: int, window: float) -> None:
        if len(token) < 8:
            raise ValueError("the access token must be at least 8 characters")
        self._token = token.encode("utf-8")
        self._session = hmac.new(self._token, b"storylens-session-v1",
                                 hashlib.sha256).hexdigest()
        self._max = max_failures
        self._window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @property
    def session_value(self) -> str:
        return self._session

    def token_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(candidate.encode("utf-8"), self._token)

    def session_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(candidate.encode("utf-8"), self._session.encode("ascii"))

    def blocked(self, client: str) -> float:
        """Seconds until ``client`` may try again (0 when it may)."""
        now = time.monotonic()
        with self._lock:
            recent = self._failures.get(client)
            if not recent:
                return 0.0
            while recent and now - recent[0] > self._window:
                recent.popleft()
            if len(recent) < self._max:
                return 0.0
            return max(0.0, self._window - (now - recent[0]))

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._failures) > 10_000:  # bounded memory under a spray of addresses
                self._failures.clear()
            self._failures.setdefault(client, deque(maxlen=self._max + 1)).append(
                time.monotonic())
