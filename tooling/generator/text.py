"""Rendering of JSON numbers, ISO-8601 timestamps and UUIDs, tuned for speed.

The simulation calls these once or more per generated line, so they avoid ``datetime``,
``json`` and ``uuid`` objects on the hot path; the text they produce is part of the
determinism contract (same seed, same bytes).
"""

from __future__ import annotations

import datetime as dt

# "SS.mmm" for every millisecond of a minute
SECONDS_MS = tuple(f"{s:02d}.{ms:03d}" for s, ms in (divmod(i, 1000) for i in range(60_000)))
# minute since the epoch -> "YYYY-MM-DDTHH:MM:", shared by all blocks of a process
MINUTE_PREFIX: dict[int, str] = {}
UUID_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}
EPOCH_DATE = dt.date(1970, 1, 1)


def json_number(x: float) -> str:
    """A JSON number with at most 3 decimals and no trailing zeros."""
    text = f"{x:.3f}".rstrip("0")
    return text[:-1] if text.endswith(".") else text


def uuid4_text(bits: int) -> str:
    """A version-4 UUID string from 128 random bits (uuid.UUID is slower)."""
    h = f"{bits:032x}"
    return (
        h[:8]
        + "-"
        + h[8:12]
        + "-4"
        + h[13:16]
        + "-"
        + UUID_VARIANT[h[16]]
        + h[17:20]
        + "-"
        + h[20:]
    )


def format_timestamp(t: float, style: int, offset_ms: int, offset_str: str) -> str:
    """ISO-8601 text of epoch seconds ``t``. style 0: `Z` with milliseconds,
    1: `Z` in whole seconds (truncated), 2: the local offset (``offset_ms`` milliseconds,
    written ``offset_str``), 3: naive UTC."""
    ms = int(t * 1000.0 + 0.5)
    if style == 2:
        ms += offset_ms
    minute, rem = divmod(ms, 60_000)
    prefix = MINUTE_PREFIX.get(minute)
    if prefix is None:  # "YYYY-MM-DDTHH:MM:" of this minute
        day, minute_of_day = divmod(minute, 1440)
        date = (EPOCH_DATE + dt.timedelta(days=day)).isoformat()
        prefix = f"{date}T{minute_of_day // 60:02d}:{minute_of_day % 60:02d}:"
        if len(MINUTE_PREFIX) > 100_000:  # a pure function: clearing is harmless
            MINUTE_PREFIX.clear()
        MINUTE_PREFIX[minute] = prefix
    if style == 0:
        return prefix + SECONDS_MS[rem] + "Z"
    if style == 1:
        return prefix + SECONDS_MS[rem][:2] + "Z"
    if style == 2:
        return prefix + SECONDS_MS[rem] + offset_str
    return prefix + SECONDS_MS[rem]
