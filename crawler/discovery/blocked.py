"""Firewalls that answer with a JavaScript challenge instead of the page."""

from __future__ import annotations

_CHALLENGES = (
    (b"$_ts", "瑞数 JS challenge ($_ts)"),
    (b"__jsl_clearance", "加速乐 JS challenge (__jsl_clearance)"),
)
BLOCKING_STATUSES = (403, 412, 521)


def blocked_reason(status: int, body: bytes) -> str | None:
    """Why this answer is a block and not a page, or None when it is a page."""
    head = body[:20000]
    for marker, name in _CHALLENGES:
        if marker in head and (status in BLOCKING_STATUSES or len(body) < 20000):
            return f"HTTP {status}: {name}"
    if status in BLOCKING_STATUSES:
        return f"HTTP {status}: access refused"
    return None
