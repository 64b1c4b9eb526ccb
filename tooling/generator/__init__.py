"""Deterministic generator of realistic raw native player events (SPEC 3.1).

Writes a landing folder laid out per SPEC 3::

    OUT/player_events/part-00000.jsonl[.gz] ...   native player events, chunked
    OUT/videos.csv                                 catalog (SPEC 3.4)
    OUT/users.csv                                  user attributes (SPEC 3.4)
    OUT/_generator_manifest.json                   arguments and counts (Spark skips `_` files)

Usage::

    python -m tooling.generate_events --out DIR --events 1000000 --seed 42

How it works
------------
* The catalog, the users and each user's budget of good events are drawn up front from
  ``Random(f"{seed}/catalog")`` and ``Random(f"{seed}/users")``; budgets add up exactly to the
  number of good events, so the event count is exact up to the random share of bad lines
  and duplicates.
* Users are cut into fixed blocks of ``BLOCK_USERS``. Each block has its own
  ``Random(f"{seed}/block/{i}")`` and simulates its users' sessions in start-time order:
  views one after another, play / heartbeat / pause / resume / seek / ended with wall-clock
  timestamps consistent with positions (position advances by wall seconds x rate while
  playing, a little less while buffering), heartbeats every ``--heartbeat-seconds`` of
  wall-clock time while playing, abandonment without a closing event, replays resuming an
  earlier position on a later day, background segments, 1.5x / 2x playback.
* Per session the "SDK" is fixed: context fields, timestamp style (``Z`` with ms, whole
  seconds, local offset or naive UTC), event-name dialect (standard ``video_*``, HTML5
  ``play``/``timeupdate``/``seeked`` without ``fromTime``, upper-case TV aliases), and
  whether it sends ``sessionId`` (an old app version does not), ``playbackRate`` and
  ``visibility``. Events of one view are at least ``MIN_EVENT_SPACING`` apart, so the
  SPEC 5.1 order restores the true order even with whole-second timestamps.
* Bad lines (one defect each, own ``eventId``) and exact re-sent duplicates are drawn per
  good event; the manifest counts them per kind and per expected SPEC 4 quarantine reason.
* Time is cut into slices. For each slice every block emits the sessions starting in it;
  the main process sorts the slice's lines by *arrival time* (event time + network latency,
  plus late and batched uploads and re-sent duplicates) and writes them in that order, carrying
  lines that arrive after the slice into the next one. Output therefore depends only on the
  arguments and the seed, never on ``--workers``, and memory is bounded by one slice.
* With ``--workers K > 1`` the blocks are spread over K worker processes that keep their
  blocks' state across slices; the result is byte-identical to ``--workers 1``.

The simulation uses only the standard library; the progress bar is tqdm's.

Modules: ``constants`` (catalog tables, dialects, bad-line kinds), ``plan`` (arguments ->
catalog, users, budgets and slices), ``session`` and ``view`` (the per-block simulation),
``text`` (JSON number, timestamp and UUID rendering), ``stats``, ``runners`` (in-process
or worker processes), ``writers`` (chunked JSON-lines and CSV), ``generate`` (one run and
its manifest) and ``cli``. ``tooling/generate_events.py`` is the command's entry point.
"""
