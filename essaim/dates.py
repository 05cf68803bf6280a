"""Partial dates (« 2016 », « 2016-10 », « 2016-10-18 ») as points in time.

Resource dates may name only a year or a month. Feeds and office files need a full
timestamp: a partial date stands for its first day, at midnight UTC, so the same date
always gives the same timestamp (no clock, no time zone of the build machine).
"""

from __future__ import annotations

import datetime


def start_of(value: str) -> datetime.datetime:
    """« 2016-10 » → 2016-10-01 00:00:00 UTC."""
    parts = [int(part) for part in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


def rfc3339(value: str) -> str:
    """« 2016 » → « 2016-01-01T00:00:00Z » (RFC 3339, as Atom requires)."""
    return start_of(value).strftime("%Y-%m-%dT%H:%M:%SZ")
