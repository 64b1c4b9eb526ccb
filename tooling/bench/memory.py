"""Process-tree memory sampling from /proc, CPU accounting and reaping of descendants."""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tooling.bench.common import MIB, PR_SET_CHILD_SUBREAPER

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _read_stat(pid: int) -> tuple[str, int] | None:
    """(command name, parent pid) from /proc/<pid>/stat; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    # The name is in parentheses and may itself contain spaces and parentheses.
    left, right = data.find("("), data.rfind(")")
    fields = data[right + 2 :].split()
    if left < 0 or right < 0 or len(fields) < 2:
        return None
    return data[left + 1 : right], int(fields[1])


def _read_statm(pid: int) -> tuple[int, int] | None:
    """(virtual size, resident set) in bytes; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            fields = handle.read().split()
        return int(fields[0]) * _PAGE_SIZE, int(fields[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return None


def process_tree(root_pid: int, include_root: bool = True) -> dict[int, tuple[str, int]]:
    """pid -> (command name, parent pid) of ``root_pid`` and all its descendants, from one
    scan of /proc."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _read_stat(int(entry))
        if stat is None:
            continue
        info[int(entry)] = stat
        children.setdefault(stat[1], []).append(int(entry))
    tree: dict[int, tuple[str, int]] = {}
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        if pid in tree or pid not in info:
            continue
        tree[pid] = info[pid]
        stack.extend(children.get(pid, ()))
    if not include_root:
        tree.pop(root_pid, None)
    return tree


@dataclass
class TreeSample:
    at: float  # seconds since the sampler started
    rss_bytes: int
    processes: int
    by_process: list[dict[str, Any]] = field(default_factory=list)


class ProcessTreeSampler:
    """Samples the summed RSS of a process tree in a background thread.

    ``include_root=False`` measures only the descendants of ``root_pid`` (used with this
    process as the root: the benchmark's own memory is not the pipeline's)."""

    def __init__(self, root_pid: int, interval: float = 0.5, include_root: bool = True) -> None:
        self.root_pid = root_pid
        self.interval = interval
        self.include_root = include_root
        self.samples = 0
        self.peak: TreeSample | None = None
        self.peak_single_process_bytes = 0
        self.shared_children_skipped = 0
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample_once(self) -> TreeSample:
        tree = process_tree(self.root_pid, self.include_root)
        memory = {pid: _read_statm(pid) for pid in tree}
        parts = []
        for pid, (name, parent) in tree.items():
            if memory[pid] is None or memory[pid][1] == 0:
                continue
            # A child caught between fork/vfork and exec (the JVM spawns helper processes)
            # still maps its parent's memory: the same pages, counted once.
            if parent in tree and memory.get(parent) == memory[pid]:
                self.shared_children_skipped += 1
                continue
            parts.append({"pid": pid, "name": name, "rss_bytes": memory[pid][1]})
        sample = TreeSample(
            at=time.monotonic() - self._started,
            rss_bytes=sum(p["rss_bytes"] for p in parts),
            processes=len(parts),
            by_process=sorted(parts, key=lambda p: -p["rss_bytes"]),
        )
        self.samples += 1
        if parts:
            largest = max(p["rss_bytes"] for p in parts)
            self.peak_single_process_bytes = max(self.peak_single_process_bytes, largest)
        if self.peak is None or sample.rss_bytes > self.peak.rss_bytes:
            self.peak = sample
        return sample

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample_once()
            self._stop.wait(self.interval)

    def start(self) -> ProcessTreeSampler:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.result()

    def result(self) -> dict[str, Any]:
        peak = self.peak
        return {
            "peak_rss_mb": round(peak.rss_bytes / MIB, 1) if peak else 0.0,
            "peak_at_seconds": round(peak.at, 1) if peak else None,
            "peak_processes": peak.processes if peak else 0,
            "peak_by_process": [
                {"pid": p["pid"], "name": p["name"], "rss_mb": round(p["rss_bytes"] / MIB, 1)}
                for p in (peak.by_process if peak else [])
            ],
            "peak_single_process_mb": round(self.peak_single_process_bytes / MIB, 1),
            "samples": self.samples,
            "forked_children_not_counted": self.shared_children_skipped,
            "interval_seconds": self.interval,
        }


def system_cpu_busy_seconds() -> float | None:
    """CPU seconds all cores spent busy since boot (/proc/stat), for contention figures."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / _CLOCK_TICKS


def children_rusage() -> tuple[float, float]:
    """(ru_maxrss of the largest reaped descendant in MiB, their user+system CPU seconds)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return usage.ru_maxrss * scale / MIB, usage.ru_utime + usage.ru_stime


def become_subreaper() -> bool:
    """Orphaned descendants (the Spark JVM outlives the dbt process) re-parent to us."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_descendants(timeout: float) -> tuple[float, int]:
    """Waits (up to ``timeout``) for every remaining child of this process to exit and
    reaps it. Returns (seconds waited, processes still alive at the end)."""
    started = time.monotonic()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return time.monotonic() - started, 0
        if pid:
            continue
        if time.monotonic() - started > timeout:
            left = process_tree(os.getpid(), include_root=False)
            return time.monotonic() - started, len(left)
        time.sleep(0.05)
