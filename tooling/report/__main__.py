"""``python -m tooling.report``: see :mod:`tooling.report`."""

from __future__ import annotations

import sys

from tooling.report.cli import main

if __name__ == "__main__":
    sys.exit(main())
