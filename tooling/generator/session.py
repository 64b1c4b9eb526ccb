"""Simulation of one block of users: their plans, then their sessions slice by slice.

Each block draws from its own ``Random(f"{seed}/block/{i}")``; the order of the draws is
part of the determinism contract, so any change here changes the generated data.
"""

from __future__ import annotations

import heapq
import math
import random

from tooling.generator.constants import (
    APP_VERSION_WEIGHTS,
    APP_VERSIONS,
    BLOCK_USERS,
    COUNTRY_CODES,
    COUNTRY_OFFSET_MIN,
    DEVICE_WEIGHTS,
    DEVICES,
    DIALECT_HTML5,
    DIALECT_LEGACY_TV,
    DIALECT_STANDARD,
    HOUR_WEIGHTS,
    LEGACY_APP_VERSION,
    SESSION_GAP_MIN_SECONDS,
)
from tooling.generator.plan import Plan, weighted
from tooling.generator.stats import new_stats
from tooling.generator.text import format_timestamp, json_number, uuid4_text
from tooling.generator.view import ViewMixin


class _User:
    __slots__ = (
        "completion_bias",
        "country",
        "finished",
        "next_session",
        "offset_ms",
        "offset_str",
        "profiles",
        "sizes",
        "starts",
        "uid",
        "unfinished",
    )


class BlockSim(ViewMixin):
    """Simulates the users of one block; ``run_until`` emits sessions slice by slice."""

    def __init__(self, plan: Plan, block: int) -> None:
        self.plan = plan
        self.block = block
        self.rng = rng = random.Random(f"{plan.seed}/block/{block}")
        self.heap: list[tuple[float, int]] = []
        self.users: list[_User] = []
        self.stats = new_stats()
        lo = block * BLOCK_USERS
        hi = min(len(plan.user_ids), lo + BLOCK_USERS)
        for local, ui in enumerate(range(lo, hi)):
            user = self._plan_user(rng, ui)
            self.users.append(user)
            if user.starts:
                self.heap.append((user.starts[0], local))
        self.heap.sort()

    # -- planning ---------------------------------------------------------------------

    def _plan_user(self, rng: random.Random, ui: int) -> _User:
        plan = self.plan
        user = _User()
        user.uid = plan.user_ids[ui]
        user.country = plan.user_countries[ui]
        offset_min = COUNTRY_OFFSET_MIN[user.country]
        user.offset_ms = offset_min * 60_000
        sign = "+" if offset_min >= 0 else "-"
        user.offset_str = f"{sign}{abs(offset_min) // 60:02d}:{abs(offset_min) % 60:02d}"
        profiles = []
        for _ in range(2):  # a primary and a secondary device
            device, _, systems = weighted(rng, DEVICES, DEVICE_WEIGHTS)
            profiles.append(
                (device, rng.choice(systems), weighted(rng, APP_VERSIONS, APP_VERSION_WEIGHTS))
            )
        user.profiles = profiles
        user.completion_bias = rng.uniform(0.6, 1.4)
        user.unfinished = {}  # video index -> last position, most recent last
        user.finished = []
        user.next_session = 0

        # Session sizes (good events) until the user's budget is used up.
        budget = plan.user_budgets[ui]
        sizes = []
        while budget > 0:
            if rng.random() < 0.08:
                size = rng.choice((1, 2))  # drop-off session: a play, maybe a quick pause
            else:
                size = max(3, min(4000, int(rng.lognormvariate(math.log(40), 0.85))))
            size = min(size, budget)
            sizes.append(size)
            budget -= size
        user.sizes = sizes

        # Start times: a new user's first session is on the signup day.
        signup_day = plan.user_signup_days[ui]
        first_day = max(0, signup_day)
        last_day = plan.n_days - 1
        if rng.random() < 0.25:  # churns: active only until some day
            last_day = rng.randint(first_day, last_day)
        starts = []
        for i in range(len(sizes)):
            day = first_day if (i == 0 and signup_day >= 0) else rng.randint(first_day, last_day)
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            local_seconds = hour * 3600 + rng.random() * 3600
            start = plan.period_start + day * 86400 + local_seconds - offset_min * 60
            # not before the period, nor before the signup date (a UTC date)
            floor = plan.period_start + first_day * 86400 + rng.random() * 600
            starts.append(max(floor, start))
        starts.sort()
        user.starts = starts
        return user

    # -- output -----------------------------------------------------------------------

    def run_until(self, slice_end: float) -> list[tuple[float, str]]:
        """Lines (arrival time, text) of all sessions starting before ``slice_end``."""
        heap = self.heap
        out: list[tuple[float, str]] = []
        while heap and heap[0][0] < slice_end:
            start, local = heap[0]
            user = self.users[local]
            index = user.next_session
            end = self._simulate_session(user, start, user.sizes[index], out)
            index += 1
            user.next_session = index
            if index < len(user.starts):
                gap = SESSION_GAP_MIN_SECONDS + self.rng.expovariate(1 / 1800)
                nxt = max(user.starts[index], end + gap)
                heapq.heapreplace(heap, (nxt, local))
            else:
                heapq.heappop(heap)
        return out

    # -- one session ------------------------------------------------------------------

    def _simulate_session(
        self, user: _User, start: float, budget: int, out: list[tuple[float, str]]
    ) -> float:
        plan = self.plan
        rng = self.rng
        stats = self.stats
        rand = rng.random
        getrandbits = rng.getrandbits
        durations = plan.video_durations
        p_bad = plan.p_bad
        p_bad_dup = plan.p_bad + plan.p_dup
        hb = plan.heartbeat_seconds
        fmt_ts = format_timestamp
        offset_ms, offset_str = user.offset_ms, user.offset_str
        counts = stats["events_by_type"]

        # Session context: constant for the whole session.
        device, device_os, app_version = user.profiles[0 if rand() < 0.8 else 1]
        has_session_id = rand() >= plan.missing_session_share
        if not has_session_id:
            app_version = LEGACY_APP_VERSION
        country = user.country if rand() >= 0.03 else rng.choice(COUNTRY_CODES)  # travelling
        r = rand()
        if device == "desktop" and r < 0.15:
            names = DIALECT_HTML5
        elif device == "tv" and r < 0.3:
            names = DIALECT_LEGACY_TV
        else:
            names = DIALECT_STANDARD
        sends_from_time = names is not DIALECT_HTML5
        r = rand()
        style = 2 if r < 0.07 else 3 if r < 0.11 else 1 if r < 0.15 else 0
        can_background = device != "tv"  # TV apps: no background, no speed control
        sends_rate_1 = can_background and rand() < 0.3
        sends_visibility = can_background and rand() < 0.6
        user_part = f'"userId":"{user.uid}",'
        session_part = f'"sessionId":"{getrandbits(64):016x}",' if has_session_id else ""
        tail = (
            f',"device":"{device}","deviceOs":"{device_os}",'
            f'"appVersion":"{app_version}","country":"{country}"}}'
        )
        stats["sessions"] += 1
        if not has_session_id:
            stats["sessions_without_session_id"] += 1

        events: list[tuple[float, str]] = []
        duplicates: list[int] = []
        bad: list[tuple[float, str]] = []
        # View state read by emit(); rebound by the view loop below.
        state = {"head": "", "duration": 0, "rate": 1.0, "bg": False}

        rate_visibility: dict[tuple[float, bool], str] = {}

        def emit(code: int, pos: float, t: float, from_pos: float | None = None) -> None:
            event_id = uuid4_text(getrandbits(128))
            ts = fmt_ts(t, style, offset_ms, offset_str)
            key = (state["rate"], state["bg"])
            extra = rate_visibility.get(key)
            if extra is None:
                extra = ""
                if key[0] != 1.0:
                    extra = ',"playbackRate":' + json_number(key[0])
                elif sends_rate_1:
                    extra = ',"playbackRate":1'
                if sends_visibility:
                    extra += ',"visibility":"' + ("background" if key[1] else "foreground") + '"'
                rate_visibility[key] = extra
            if from_pos is not None and sends_from_time:
                extra = ',"fromTime":' + json_number(from_pos) + extra
            head = state["head"]
            pos_text = json_number(pos)
            events.append(
                (
                    t,
                    '{"eventId":"'
                    + event_id
                    + '","timestamp":"'
                    + ts
                    + '",'
                    + head
                    + '"eventName":"'
                    + names[code]
                    + '","currentTime":'
                    + pos_text
                    + extra
                    + tail,
                )
            )
            counts[code] += 1
            r = rand()
            if r < p_bad_dup:
                if r < p_bad:
                    bad.append(
                        (
                            t,
                            self._bad_line(
                                names[code], ts, pos_text, extra, head, tail, state["duration"]
                            ),
                        )
                    )
                else:
                    duplicates.append(len(events) - 1)

        t = start
        in_session: set[int] = set()
        dropoff_session = budget <= 2
        while budget > 0:
            video, start_pos = self._choose_video(user, in_session)
            in_session.add(video)
            duration = durations[video]
            state["head"] = user_part + session_part + f'"videoId":"{plan.video_ids[video]}",'
            state["duration"] = duration
            r = rand()
            state["rate"] = 1.0 if (r < 0.88 or not can_background) else 1.5 if r < 0.96 else 2.0
            state["bg"] = False
            stats["views"] += 1
            # How much the viewer means to watch (position seconds of playback).
            if dropoff_session:
                intent = rng.uniform(1.5, 8.0)
            else:
                p_complete = 0.5 if duration <= 300 else 0.32 if duration <= 900 else 0.18
                r = rand()
                if r < p_complete * user.completion_bias:
                    intent = math.inf
                elif r > 0.85:
                    intent = rng.uniform(1.0, 30.0)  # early abandonment
                else:
                    intent = (duration - start_pos) * rng.random() ** 1.3
            t, budget, last_pos, completed = self._simulate_view(
                emit,
                state,
                t,
                start_pos,
                duration,
                intent,
                budget,
                hb,
                can_background and sends_visibility,
                can_background,
                dropoff_session,
            )
            if completed:
                stats["views_ended"] += 1
                user.unfinished.pop(video, None)
                if video not in user.finished:
                    user.finished.append(video)
                    if len(user.finished) > 20:
                        del user.finished[0]
            elif 10.0 < last_pos < 0.9 * duration:
                user.unfinished.pop(video, None)
                user.unfinished[video] = last_pos
                if len(user.unfinished) > 8:
                    del user.unfinished[next(iter(user.unfinished))]
            # Browse to the next video (autoplay after an ended is quicker).
            t += rng.uniform(1.5, 6.0) if completed and rand() < 0.5 else rng.uniform(3.0, 90.0)

        # Arrival times: normal latency, a few late lines, whole sessions uploaded late
        # (offline playback), re-sent duplicates.
        session_end = events[-1][0] if events else start
        if rand() < 0.02:
            stats["sessions_uploaded_late"] += 1
            upload = session_end + rng.uniform(60.0, 6 * 3600.0)
            arrivals = [upload + rand() * 2.0 for _ in events]  # batch, in no order
        else:
            arrivals = []
            for ts_event, _ in events:
                if rand() < 0.005:
                    arrivals.append(ts_event + rng.uniform(60.0, 3 * 3600.0))
                    stats["lines_late"] += 1
                else:
                    arrivals.append(ts_event + 0.05 + rand() * 1.5)
        for arrival, (_, line) in zip(arrivals, events):
            out.append((arrival, line))
        for index in duplicates:
            delay = rng.uniform(0.5, 30.0) if rand() < 0.7 else rng.uniform(30.0, 3 * 3600.0)
            out.append((arrivals[index] + delay, events[index][1]))
        for ts_event, line in bad:
            out.append((ts_event + 0.05 + rand() * 1.5, line))
        stats["good_events"] += len(events)
        stats["duplicates"] += len(duplicates)
        return session_end
