"""Fixed tables of the generator: event dialects, bad-line kinds, countries, devices, genres.

Changing any value here changes the generated data (and GENERATOR_VERSION should follow).
"""

from __future__ import annotations

import operator

GENERATOR_VERSION = "1.0"

BLOCK_USERS = 200  # users per simulation block (part of the determinism contract)
SLICE_TARGET_EVENTS = 100_000  # lines per time slice, on average (bounds memory)
SESSION_GAP_MIN_SECONDS = 45 * 60  # sessions of one user start >= 45 min after the last ended
MIN_EVENT_SPACING = 1.1  # seconds between consecutive events of one view (see _simulate_view)
LEGACY_APP_VERSION = "3.8.1"  # old SDK that sends no sessionId

# Event codes and the names the player SDK "dialects" use for them (SPEC 3.1 aliases).
PLAY, PAUSE, RESUME, SEEK, HEARTBEAT, ENDED = range(6)
EVENT_TYPES = ("play", "pause", "resume", "seek", "heartbeat", "ended")
DIALECT_STANDARD = (
    "video_play",
    "video_pause",
    "video_resume",
    "video_seek",
    "video_heartbeat",
    "video_ended",
)
# HTML5 media element events: resume is a second `play`, `seeked` carries no `fromTime`.
DIALECT_HTML5 = ("play", "pause", "play", "seeked", "timeupdate", "ended")
# An old TV app: upper case names and aliases.
DIALECT_LEGACY_TV = ("PLAY", "PAUSE", "RESUME", "SEEK", "PROGRESS", "COMPLETE")

BAD_KINDS = (
    "truncated_json",
    "json_array",
    "missing_user_id",
    "unknown_event_name",
    "invalid_timestamp",
    "negative_position",
    "non_numeric_position",
    "position_beyond_duration",
)
# The SPEC 4 quarantine reason each kind of bad line must end up with.
BAD_KIND_REASON = {
    "truncated_json": "malformed_json",
    "json_array": "malformed_json",
    "missing_user_id": "missing_required_field",
    "unknown_event_name": "unknown_event_name",
    "invalid_timestamp": "invalid_timestamp",
    "negative_position": "invalid_position",
    "non_numeric_position": "invalid_position",
    "position_beyond_duration": "position_exceeds_duration",
}
UNKNOWN_EVENT_NAMES = (
    "video_buffering",
    "ad_start",
    "ad_complete",
    "quality_change",
    "fullscreen_enter",
    "volume_change",
    "video_load",
    "CAPTIONS_ON",
)
BAD_TIMESTAMPS = (
    "not-a-timestamp",
    "2024-13-45T25:61:00Z",
    "N/A",
    "Tuesday morning",
    "00/00/0000 99:99",
)
BAD_POSITIONS = ('"abc"', '"n/a"', '"twelve"', '"12s"')

# (country, weight, UTC offset in minutes). Offsets only change how a timestamp is written.
COUNTRIES = (
    ("US", 26, -300),
    ("GB", 10, 0),
    ("DE", 10, 60),
    ("FR", 7, 60),
    ("IN", 9, 330),
    ("BR", 7, -180),
    ("JP", 5, 540),
    ("CA", 5, -300),
    ("ES", 4, 60),
    ("NL", 3, 60),
    ("FI", 2, 120),
    ("ZA", 2, 120),
    ("MX", 4, -360),
    ("AU", 3, 600),
    ("PL", 3, 60),
)
COUNTRY_CODES = tuple(c[0] for c in COUNTRIES)
COUNTRY_WEIGHTS = tuple(c[1] for c in COUNTRIES)
COUNTRY_OFFSET_MIN = {c[0]: c[2] for c in COUNTRIES}

# (device, weight, operating systems, supports background playback and visibility)
DEVICES = (
    ("mobile", 50, ("iOS 17.2", "iOS 16.7", "Android 14", "Android 13", "Android 12")),
    ("desktop", 28, ("Windows 11", "Windows 10", "macOS 14.2", "macOS 13.6", "Linux")),
    ("tablet", 10, ("iPadOS 17.2", "Android 13")),
    ("tv", 12, ("tvOS 17.2", "Android TV 12", "webOS 6.0", "Tizen 7.0")),
)
DEVICE_WEIGHTS = tuple(d[1] for d in DEVICES)
APP_VERSIONS = ("5.4.0", "5.3.2", "5.2.1", "5.1.0", "4.9.7")
APP_VERSION_WEIGHTS = (35, 30, 18, 11, 6)

# Local hour-of-day weights for session starts (evening peak).
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 5, 5, 5, 5, 6, 6, 5, 5, 6, 8, 10, 12, 13, 12, 9, 5)

GENRES = (
    ("Education", ("Linear Algebra", "World History", "Grammar", "Statistics", "Chemistry")),
    ("Technology", ("Apache Spark", "dbt Models", "Kubernetes", "Python Typing", "SQL Windows")),
    ("Entertainment", ("Late Night Sketches", "Movie Trailers", "Stand-up Sets", "Pranks")),
    ("Sports", ("Football Highlights", "Marathon Training", "Tennis Drills", "Climbing")),
    ("Music", ("Live Sessions", "Guitar Lessons", "Lo-fi Mix", "Jazz Standards")),
    ("News", ("Morning Briefing", "Markets Today", "Election Night", "Weather Week")),
    ("Gaming", ("Speedruns", "Strategy Guides", "Indie Spotlight", "Esports Finals")),
    ("Cooking", ("Sourdough", "Weeknight Pasta", "Knife Skills", "Vegan Baking")),
    ("Travel", ("Lisbon", "Kyoto", "Patagonia", "Road Trips")),
    ("Science", ("Black Holes", "CRISPR", "Climate Models", "Quantum Computing")),
)
TITLE_TEMPLATES = (
    "{topic} in 10 Minutes",
    "{topic}, Explained",
    "The Beginner's Guide to {topic}",
    "{topic}: Tips, Tricks and Traps",
    "Why {topic} Matters",
    "{topic} Deep Dive",
    "Everything About {topic}",
    "{topic} Q&A",
    "{topic}, Part {part}",
    "{topic} Live",
)
SUBSCRIPTION_TIERS = (("free", 60), ("basic", 25), ("premium", 15))
AGE_GROUPS = (("18-24", 22), ("25-34", 30), ("35-44", 22), ("45-54", 14), ("55+", 9), ("", 3))
GENDERS = (("female", 46), ("male", 46), ("non_binary", 3), ("", 5))
N_CHANNELS = 12
ARRIVAL = operator.itemgetter(0)  # sort key of (arrival time, line) pairs
