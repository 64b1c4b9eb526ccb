"""Output files: chunked JSON-lines (some gzipped) and the two CSV files."""

from __future__ import annotations

import csv
import gzip
import math
import os
from typing import Any


class ChunkWriter:
    """Writes lines to part-NNNNN.jsonl files of at most ``chunk_events`` lines."""

    def __init__(self, folder: str, chunk_events: int, gzip_share: float) -> None:
        self.folder = folder
        self.chunk_events = chunk_events
        self.gzip_share = gzip_share
        self.index = -1
        self.in_chunk = 0
        self.handle = None
        self.raw = None
        self.files: list[dict[str, Any]] = []

    def _is_gzipped(self, index: int) -> bool:
        # Exactly floor(n * share) of the first n chunks are gzipped, spread evenly.
        share = self.gzip_share
        return math.floor((index + 1) * share + 1e-9) > math.floor(index * share + 1e-9)

    def _open_next(self) -> None:
        self._close()
        self.index += 1
        gz = self._is_gzipped(self.index)
        name = f"part-{self.index:05d}.jsonl" + (".gz" if gz else "")
        path = os.path.join(self.folder, name)
        if gz:
            self.raw = open(path, "wb")  # noqa: SIM115 - open across write() calls, closed by _close()
            # mtime=0 and no file name in the header: byte-identical reruns
            self.handle = gzip.GzipFile(
                filename="", mode="wb", fileobj=self.raw, compresslevel=6, mtime=0
            )
        else:
            self.raw = None
            self.handle = open(path, "wb")  # noqa: SIM115 - as above
        self.files.append({"file": f"player_events/{name}", "lines": 0, "gzip": gz})
        self.in_chunk = 0

    def write(self, lines: list[str]) -> None:
        start = 0
        while start < len(lines):
            if self.handle is None or self.in_chunk >= self.chunk_events:
                self._open_next()
            take = min(len(lines) - start, self.chunk_events - self.in_chunk, 20_000)
            batch = lines[start : start + take]
            self.handle.write(("\n".join(batch) + "\n").encode("utf-8"))
            self.in_chunk += take
            self.files[-1]["lines"] += take
            start += take

    def _close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            if self.raw is not None:
                self.raw.close()
        self.handle = None
        self.raw = None

    def close(self) -> None:
        self._close()


def write_csv(path: str, header: list[str], rows: list[dict[str, Any]]) -> None:
    # RFC 4180 quoting (titles with a comma are quoted); \n line ends.
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header])


def prepare_out(out: str) -> str:
    events_dir = os.path.join(out, "player_events")
    os.makedirs(events_dir, exist_ok=True)
    for name in os.listdir(events_dir):  # stale parts of an earlier, bigger run
        if name.startswith("part-") and (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
            os.remove(os.path.join(events_dir, name))
    return events_dir
