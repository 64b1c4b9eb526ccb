"""Benchmark of the full pipeline on generated data (SPEC 8).

Usage (from the project root, inside the project's virtual environment)::

    ./scripts/benchmark.sh --events 1000000            # sources scripts/env.sh first
    python -m tooling.benchmark --events 200000 --seed 42 --reuse

One run does, in order:

1. **Data**: generates a landing folder of ``--events`` raw lines with
   ``tooling.generate_events`` (default ``.bench/landing_<N>_<seed>``), or reuses it with
   ``--reuse`` when its marker file says it holds exactly that data. Timed on its own.
2. **Pipeline**: wipes ``--spark-dir`` (so every run is a full refresh into an empty
   warehouse) and runs each ``--dbt-command`` on the ``local`` target of
   ``profiles.yml.example`` in a subprocess, with ``raw_root`` set to the landing folder.
   Wall time is measured around the subprocess; peak memory is the largest sum of the
   resident set sizes of the whole process tree (the dbt Python process and the embedded
   Spark JVM it starts), sampled from ``/proc`` every ``--sample-seconds``.
   ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single descendant) is kept as a
   cross-check: this process makes itself a child subreaper, so the JVM, which outlives
   the dbt process by a moment, is re-parented to it and reaped by it.
3. **Nodes**: reads the ``run_results.json`` of the run (a target path of its own, so the
   user's ``target/`` is left alone) and sums ``execution_time`` by resource type.
4. **Floor**: in a fresh pyspark process with the profile's driver memory, cores and
   shuffle partitions, times a bare scan of the same raw event files as text, a
   ``from_json`` of ``videoId`` and ``userId``, and a group-by video counting lines and
   distinct users, collected to the driver. ``ratio = pipeline wall / floor query``.
5. **Report**: a JSON file ``<out-dir>/benchmark_<N>_<UTC timestamp>.json`` next to a
   folder of the same name holding dbt's logs, its console output and ``run_results.json``
   (a folder per dbt run); a readable table on stdout.

``--dbt-command run,production-build`` times several dbt commands on the same landing, each
into an empty warehouse, with one floor. ``--daily`` is SPEC 8's daily case (SPEC 9.1):
31 days generated and split into one file per UTC day (module ``days``); the first 30 are
loaded into an empty warehouse, then the 31st lands and the same dbt command runs again
(the incremental run), then all 31 files go into another empty warehouse (the full
refresh); the report compares the incremental run with the full refresh, node by node.

Relative paths in the arguments are relative to the project folder. Exit status: 0 when
the dbt command succeeded, 1 when it did not (the report is written anyway), 2 for usage
or environment errors. Only the standard library is imported at module level; pyspark is
imported only in the floor's own process.

Modules: ``common`` (paths, markers, defaults, BenchmarkError), ``environment`` (Python, Java,
pinned packages, machine facts), ``memory`` (process-tree RSS sampling, reaping), ``landing``
(generate or reuse the data; the Spark folder guard), ``days`` (the daily case's files),
``pipeline`` (running dbt),
``run_results`` (per-node timings), ``floor`` (the bare-Spark query), ``report`` (JSON and
text) and ``cli``. ``tooling/benchmark.py`` is the command's entry point.
"""
