"""One view of one video inside a session, its seeks and the bad lines it may produce.

A mixin of :class:`tooling.generator.session.BlockSim`: it uses the block's ``rng``,
``plan`` and ``stats``, and draws in the same order as the rest of the simulation.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from tooling.generator.constants import (
    BAD_KINDS,
    BAD_POSITIONS,
    BAD_TIMESTAMPS,
    ENDED,
    HEARTBEAT,
    MIN_EVENT_SPACING,
    PAUSE,
    PLAY,
    RESUME,
    SEEK,
    UNKNOWN_EVENT_NAMES,
)
from tooling.generator.text import json_number, uuid4_text

if TYPE_CHECKING:
    import random

    from tooling.generator.plan import Plan
    from tooling.generator.session import _User


class ViewMixin:
    """Per-view simulation; see BlockSim for the state it relies on."""

    rng: random.Random
    plan: Plan
    stats: dict

    def _choose_video(self, user: _User, in_session: set[int]) -> tuple[int, float]:
        rng = self.rng
        r = rng.random()
        if r < 0.22 and user.unfinished:
            candidates = [v for v in list(user.unfinished)[-3:] if v not in in_session]
            if candidates:
                video = rng.choice(candidates)
                if rng.random() < 0.85:  # "continue watching": resume where they left
                    self.stats["views_resumed"] += 1
                    return video, user.unfinished[video]
                return video, 0.0
        elif r > 0.95 and user.finished:
            video = rng.choice(user.finished)
            if video not in in_session:
                return video, 0.0  # rewatch from the start
        cum = self.plan.popularity_cum
        for _ in range(6):
            video = bisect.bisect_right(cum, rng.random() * cum[-1])
            if video not in in_session:
                break
        return video, 0.0

    def _simulate_view(
        self,
        emit,
        state: dict,
        t: float,
        pos: float,
        duration: int,
        intent: float,
        budget: int,
        hb: float,
        visibility_changes: bool,
        speed_changes: bool,
        dropoff: bool,
    ) -> tuple[float, int, float, bool]:
        """Play one video. Returns (wall time, budget left, last position, ended?).

        Invariants the pipeline relies on (SPEC 5.3): while playing, position advances by
        at most wall seconds x rate; positions stay within [0, duration + 1]; consecutive
        events of a view are at least MIN_EVENT_SPACING apart, so even whole-second
        timestamps keep their order.
        """
        rng = self.rng
        rand = rng.random
        uniform = rng.uniform
        expovariate = rng.expovariate
        emit(PLAY, pos, t)
        budget -= 1
        watch_left = intent
        while budget > 0:
            # ---- one playing run from (t, pos) ----
            rate = state["rate"]
            eff = rate if rand() >= 0.05 else rate * uniform(0.8, 0.98)  # buffering stalls
            d_end = max(0.0, (duration - pos) / eff)
            d_intent = watch_left / eff
            d_pause = expovariate(1 / 420.0)
            d_seek = expovariate(1 / 480.0)
            d = min(d_end, d_intent, d_pause, d_seek)
            if d == d_end:
                action = ENDED
            elif d == d_intent:
                action = None  # the viewer stops watching
            elif d == d_pause:
                action = PAUSE
            else:
                action = SEEK
            if d < MIN_EVENT_SPACING:
                # keep events apart; position then advances less than wall x rate (allowed)
                d = MIN_EVENT_SPACING
                if pos + d * eff >= duration:
                    action = ENDED
            # heartbeats while playing: a player timer, every hb seconds of wall-clock time
            # (a little late each time), so at 2x a heartbeat covers 2 x hb of position
            tick = hb + rand() * 0.25
            while tick < d - MIN_EVENT_SPACING:
                if visibility_changes:  # app or tab goes to the background and back
                    if state["bg"]:
                        if rand() < 0.08:
                            state["bg"] = False
                    elif rand() < 0.012:
                        state["bg"] = True
                emit(HEARTBEAT, pos + tick * eff, t + tick)
                budget -= 1
                if budget == 0:
                    return t + tick, 0, pos + tick * eff, False
                tick += hb + rand() * 0.25
            t += d
            if action == ENDED:
                # the media file may run a little past the catalog's whole seconds
                end_pos = duration + (uniform(0.0, 0.9) if rand() < 0.3 else 0.0)
                emit(ENDED, end_pos, t)
                return t, budget - 1, end_pos, True
            pos = min(float(duration), pos + d * eff)
            watch_left -= d * eff
            if action is None:
                # leaves: a pause (then navigates away) or no closing event at all
                if dropoff or rand() < 0.4:
                    emit(PAUSE, pos, t)
                    budget -= 1
                return t, budget, pos, False
            if action == PAUSE:
                emit(PAUSE, pos, t)
                budget -= 1
                if budget == 0:
                    break
                r = rand()
                if r < 0.7:
                    gap = uniform(2.0, 60.0)
                elif r < 0.92:
                    gap = uniform(60.0, 600.0)
                elif r < 0.99:
                    gap = uniform(600.0, 1700.0)
                else:
                    gap = uniform(1800.0, 4 * 3600.0)  # a long pause in one session
                if gap > 3 * MIN_EVENT_SPACING and rand() < 0.12:
                    # scrubs while paused: the seek is not an opener (SPEC 5.3)
                    target = self._seek_target(pos, duration)
                    seek_t = t + uniform(MIN_EVENT_SPACING, gap - MIN_EVENT_SPACING)
                    emit(SEEK, target, seek_t, pos)
                    budget -= 1
                    if budget == 0:
                        break
                    pos = target
                t += gap
                if rand() < 0.03 and speed_changes:  # changes speed before resuming
                    state["rate"] = rng.choice((1.0, 1.5, 2.0))
                emit(RESUME, pos, t)
                budget -= 1
            else:  # seek while playing: the seek closes one segment and opens the next
                target = self._seek_target(pos, duration)
                emit(SEEK, target, t, pos)
                budget -= 1
                if budget > 0 and rand() < 0.1:  # dragging the scrubber: a second seek
                    t += uniform(MIN_EVENT_SPACING, 2.5)
                    second = self._seek_target(target, duration)
                    emit(SEEK, second, t, target)
                    budget -= 1
                    target = second
                pos = target
        return t, budget, pos, False

    def _seek_target(self, pos: float, duration: int) -> float:
        rng = self.rng
        r = rng.random()
        if r < 0.15:  # small nudge, below the skip thresholds
            target = pos + rng.uniform(-1.5, 4.0)
        elif r < 0.6:  # forward skip
            target = pos + rng.uniform(6.0, max(7.0, 0.35 * (duration - pos)))
        else:  # backward skip
            target = pos - rng.uniform(3.0, 90.0)
        return round(min(max(0.0, target), duration - 1.5), 3)

    def _bad_line(
        self,
        name: str,
        ts: str,
        pos_text: str,
        extra: str,
        head: str,
        tail: str,
        duration: int,
    ) -> str:
        rng = self.rng
        event_id = uuid4_text(rng.getrandbits(128))
        kind_index = rng.randrange(len(BAD_KINDS))
        self.stats["bad_lines_by_kind"][BAD_KINDS[kind_index]] += 1
        if kind_index == 2:  # missing userId: absent, null or empty
            user_part = rng.choice(("", '"userId":null,', '"userId":"",'))
            head = user_part + head[head.index(",") + 1 :]
        elif kind_index == 3:
            name = rng.choice(UNKNOWN_EVENT_NAMES)
        elif kind_index == 4:
            ts = rng.choice(BAD_TIMESTAMPS)
        elif kind_index == 5:
            pos_text = json_number(-rng.uniform(0.5, 120.0))
        elif kind_index == 6:
            pos_text = rng.choice(BAD_POSITIONS)
        elif kind_index == 7:
            pos_text = json_number(duration * rng.uniform(1.5, 4.0) + 60.0)
        line = (
            '{"eventId":"'
            + event_id
            + '","timestamp":"'
            + ts
            + '",'
            + head
            + '"eventName":"'
            + name
            + '","currentTime":'
            + pos_text
            + extra
            + tail
        )
        if kind_index == 0:
            return line[: rng.randint(12, len(line) - 2)]
        if kind_index == 1:
            return "[" + line + "]"
        return line
