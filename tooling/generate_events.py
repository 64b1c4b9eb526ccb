"""``python -m tooling.generate_events``: the deterministic raw-event generator (SPEC 3.1).

Writes a landing folder laid out per SPEC 3::

    OUT/player_events/part-00000.jsonl[.gz] ...   native player events, chunked
    OUT/videos.csv                                 catalog (SPEC 3.4)
    OUT/users.csv                                  user attributes (SPEC 3.4)
    OUT/_generator_manifest.json                   arguments and counts (Spark skips `_` files)

Usage::

    python -m tooling.generate_events --out DIR --events 1000000 --seed 42

The code lives in the package :mod:`tooling.generator` (its docstring says how it works);
this module is the command's entry point and keeps the names other code imports from it.
"""

from __future__ import annotations

import sys

from tooling.generator.cli import build_parser, main
from tooling.generator.constants import (
    BAD_KIND_REASON,
    BAD_KINDS,
    BLOCK_USERS,
    COUNTRY_CODES,
    DIALECT_HTML5,
    DIALECT_LEGACY_TV,
    DIALECT_STANDARD,
    EVENT_TYPES,
    GENERATOR_VERSION,
    MIN_EVENT_SPACING,
)
from tooling.generator.generate import generate
from tooling.generator.plan import Plan, make_catalog, make_plan, make_users
from tooling.generator.session import BlockSim
from tooling.generator.writers import ChunkWriter, write_csv

__all__ = [
    "BAD_KINDS",
    "BAD_KIND_REASON",
    "BLOCK_USERS",
    "COUNTRY_CODES",
    "DIALECT_HTML5",
    "DIALECT_LEGACY_TV",
    "DIALECT_STANDARD",
    "EVENT_TYPES",
    "GENERATOR_VERSION",
    "MIN_EVENT_SPACING",
    "BlockSim",
    "ChunkWriter",
    "Plan",
    "build_parser",
    "generate",
    "main",
    "make_catalog",
    "make_plan",
    "make_users",
    "write_csv",
]

if __name__ == "__main__":
    sys.exit(main())
