"""Partial dates (« 2016 », « 2016-10 », « 2016-10-18 »): as points in time, and in French.

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


MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(value: str) -> str:
    """« 2016-10-18 » → « 18 octobre 2016 », « 2016-10 » → « octobre 2016 »."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value
