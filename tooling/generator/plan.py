"""The up-front plan: catalog, users, each user's budget of good events and the time slices.

Drawn from ``Random(f"{seed}/catalog")`` and ``Random(f"{seed}/users")`` only, so every block
(and every worker process) sees the same plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from tooling.generator.constants import (
    AGE_GROUPS,
    BLOCK_USERS,
    COUNTRY_CODES,
    COUNTRY_WEIGHTS,
    GENDERS,
    GENRES,
    N_CHANNELS,
    SLICE_TARGET_EVENTS,
    SUBSCRIPTION_TIERS,
    TITLE_TEMPLATES,
)


@dataclass
class Plan:
    """Everything the blocks need; picklable for worker processes."""

    seed: int
    n_events: int
    n_good: int
    p_bad: float  # per good event
    p_dup: float  # per good event
    n_days: int
    period_start: float  # epoch seconds, start date 00:00 UTC
    heartbeat_seconds: float
    missing_session_share: float
    video_ids: list[str]
    video_durations: list[int]
    popularity_cum: list[int]
    user_ids: list[str]
    user_countries: list[str]
    user_signup_days: list[int]  # relative to period start; negative = before the period
    user_budgets: list[int]
    n_blocks: int
    slice_ends: list[float]


def weighted(rng: random.Random, items: tuple, weights: tuple):
    return rng.choices(items, weights)[0]


def make_catalog(seed: int, n_videos: int) -> tuple[list[dict[str, Any]], list[int]]:
    """Videos (SPEC 3.4) and integer popularity weights (Zipf-like, shuffled)."""
    rng = random.Random(f"{seed}/catalog")
    channels = []
    for i in range(N_CHANNELS):
        genre_index = i % len(GENRES)
        channels.append((f"channel_{i + 1:03d}", genre_index))
    videos = []
    for i in range(n_videos):
        channel_id, genre_index = channels[rng.randrange(N_CHANNELS)]
        if rng.random() < 0.15:  # channels sometimes leave their main genre
            genre_index = rng.randrange(len(GENRES))
        genre, topics = GENRES[genre_index]
        template = rng.choice(TITLE_TEMPLATES)
        title = template.format(topic=rng.choice(topics), part=rng.randint(2, 9))
        duration = round(rng.lognormvariate(math.log(330), 0.75))
        duration = min(3600, max(60, duration))
        videos.append(
            {
                "video_id": f"video_{i + 1:05d}",
                "title": title,
                "genre": genre,
                "channel_id": channel_id,
                "duration_seconds": duration,
            }
        )
    ranks = list(range(1, n_videos + 1))
    rng.shuffle(ranks)
    popularity = [max(1, int(1_000_000 / rank**1.1)) for rank in ranks]
    return videos, popularity


def make_users(seed: int, n_users: int, n_days: int, start: dt.date) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}/users")
    tiers, tier_w = zip(*SUBSCRIPTION_TIERS)
    ages, age_w = zip(*AGE_GROUPS)
    genders, gender_w = zip(*GENDERS)
    users = []
    for i in range(n_users):
        # 30 % sign up during the period (new users), the others up to 900 days before it
        signup_day = rng.randrange(n_days) if rng.random() < 0.3 else -rng.randint(1, 900)
        users.append(
            {
                "user_id": f"user_{i + 1:06d}",
                "signup_date": (start + dt.timedelta(days=signup_day)).isoformat(),
                "subscription_tier": weighted(rng, tiers, tier_w),
                "age_group": weighted(rng, ages, age_w),
                "gender": weighted(rng, genders, gender_w),
                "country": weighted(rng, COUNTRY_CODES, COUNTRY_WEIGHTS),
                "_signup_day": signup_day,
                "_weight": int(rng.lognormvariate(0.0, 0.9) * 10_000) + 1,
            }
        )
    return users


def make_plan(args: argparse.Namespace) -> tuple[Plan, list[dict], list[dict]]:
    n_events = args.events
    n_users = args.users or max(10, round(n_events / 200))
    n_videos = args.videos or min(5000, max(10, round(n_events / 2000)))
    n_bad = round(n_events * args.bad_line_share)
    n_dup = round(n_events * args.duplicate_share)
    n_good = max(1, n_events - n_bad - n_dup)
    videos, popularity = make_catalog(args.seed, n_videos)
    users = make_users(args.seed, n_users, args.days, args.start_date)

    # Exact split of the good events over users, proportional to integer weights.
    total_weight = sum(u["_weight"] for u in users)
    budgets, cum, previous = [], 0, 0
    for user in users:
        cum += user["_weight"]
        upto = n_good * cum // total_weight
        budgets.append(upto - previous)
        previous = upto

    popularity_cum, acc = [], 0
    for weight in popularity:
        acc += weight
        popularity_cum.append(acc)

    period_start = dt.datetime.combine(args.start_date, dt.time(), dt.UTC).timestamp()
    n_slices = max(args.days, math.ceil(n_events / SLICE_TARGET_EVENTS))
    slice_seconds = args.days * 86400 / n_slices
    slice_ends = [period_start + (k + 1) * slice_seconds for k in range(n_slices - 1)]
    slice_ends.append(math.inf)  # the last slice also takes sessions spilling past the period

    plan = Plan(
        seed=args.seed,
        n_events=n_events,
        n_good=n_good,
        p_bad=n_bad / n_good,
        p_dup=n_dup / n_good,
        n_days=args.days,
        period_start=period_start,
        heartbeat_seconds=args.heartbeat_seconds,
        missing_session_share=args.missing_session_share,
        video_ids=[v["video_id"] for v in videos],
        video_durations=[v["duration_seconds"] for v in videos],
        popularity_cum=popularity_cum,
        user_ids=[u["user_id"] for u in users],
        user_countries=[u["country"] for u in users],
        user_signup_days=[u["_signup_day"] for u in users],
        user_budgets=budgets,
        n_blocks=math.ceil(n_users / BLOCK_USERS),
        slice_ends=slice_ends,
    )
    return plan, videos, users
