"""Block runners: all blocks in this process, or spread over worker processes (same output)."""

from __future__ import annotations

import multiprocessing
import traceback
from array import array
from typing import Any

from tooling.generator.constants import ARRIVAL
from tooling.generator.plan import Plan
from tooling.generator.session import BlockSim
from tooling.generator.stats import merge_stats, new_stats


class InlineRunner:
    def __init__(self, plan: Plan) -> None:
        self.sims = [BlockSim(plan, b) for b in range(plan.n_blocks)]

    def request(self, slice_end: float) -> None:
        self.slice_end = slice_end

    def collect(self) -> list[tuple[float, str]]:
        out: list[tuple[float, str]] = []
        for sim in self.sims:
            out.extend(sim.run_until(self.slice_end))
        return out

    def finish(self) -> dict[str, Any]:
        stats = new_stats()
        for sim in self.sims:
            merge_stats(stats, sim.stats)
        return stats


def _pack(lines: list[tuple[float, str]]) -> tuple[bytes, str]:
    """(arrival, line) pairs as two flat objects: far cheaper to pickle than tuples.
    Sorted by arrival first, which leaves the main process's stable sort the same result
    and less work."""
    lines.sort(key=ARRIVAL)
    return array("d", [a for a, _ in lines]).tobytes(), "\n".join([t for _, t in lines])


def _unpack(packed: tuple[bytes, str]) -> list[tuple[float, str]]:
    arrivals = array("d")
    arrivals.frombytes(packed[0])
    if not arrivals:
        return []
    return list(zip(arrivals, packed[1].split("\n")))


def _worker_main(conn, plan: Plan, blocks: list[int]) -> None:
    try:
        sims = [BlockSim(plan, b) for b in blocks]
        while True:
            message = conn.recv()
            if message is None:
                stats = new_stats()
                for sim in sims:
                    merge_stats(stats, sim.stats)
                conn.send(("stats", stats))
                break
            conn.send(("lines", [_pack(sim.run_until(message)) for sim in sims]))
    except BaseException:  # report, the main process raises
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class ProcessRunner:
    """Block b lives in worker b % K; results are reassembled in block order."""

    def __init__(self, plan: Plan, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.assignment = [list(range(w, plan.n_blocks, workers)) for w in range(workers)]
        self.n_blocks = plan.n_blocks
        self.conns, self.procs = [], []
        for blocks in self.assignment:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_worker_main, args=(child, plan, blocks), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def _recv(self, conn, expected: str):
        kind, payload = conn.recv()
        if kind == "error":
            self.close()
            raise RuntimeError(f"generator worker failed:\n{payload}")
        assert kind == expected, kind
        return payload

    def request(self, slice_end: float) -> None:
        for conn in self.conns:
            conn.send(slice_end)

    def collect(self) -> list[tuple[float, str]]:
        per_block: list[list[tuple[float, str]]] = [[] for _ in range(self.n_blocks)]
        for conn, blocks in zip(self.conns, self.assignment):
            for block, packed in zip(blocks, self._recv(conn, "lines")):
                per_block[block] = _unpack(packed)
        out: list[tuple[float, str]] = []
        for lines in per_block:
            out.extend(lines)
        return out

    def finish(self) -> dict[str, Any]:
        stats = new_stats()
        for conn in self.conns:
            conn.send(None)
        for conn in self.conns:
            merge_stats(stats, self._recv(conn, "stats"))
        self.close()
        return stats

    def close(self) -> None:
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
