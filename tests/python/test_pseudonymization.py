"""SPEC 9, issue 13: user ids pseudonymized with a salted hash.

With the var `pseudonymize_user_ids` on and the salt in VE_USER_ID_SALT, staging replaces every
user id by sha2(salt || id, 256), also inside client session ids and inside the raw lines it
keeps for quarantine (macros/privacy/). One landing is built twice, models only: in clear text
and pseudonymized. The landing holds the scenario landing folder (the three event formats,
videos.csv), the committed bad-input corpus (truncated, single-quoted, non-ASCII lines) and a
users.csv written here, with a duplicate and a bad date among its lines. Checked:

- every mart of the pseudonymized build holds the rows of the clear build once the clear
  build's user ids are hashed the same way in Python (in session ids too): same row counts, same
  metrics, and joins across formats (users.csv to events) unchanged. Not compared: loaded_at,
  raw_line (checked by the scan) and the surrogate keys computed from the ids, which differ by
  construction;
- no clear user id of the landing appears in any column holding text (nested ones too) of any
  table or view of the pseudonymized schema: staging views, intermediate tables and marts,
  quarantined raw lines included. Not scanned: the base models (base_*), which parse the files
  as they landed and hold what the landing files hold (README, "Privacy"), and the landing
  tables themselves (<schema>_landing);
- with the var on and no salt, dbt refuses to build and names VE_USER_ID_SALT.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCENARIO_LANDING = PROJECT_ROOT / "tests" / "scenarios" / "landing"
BAD_INPUT_EVENTS = PROJECT_ROOT / "tests" / "bad_input" / "landing" / "player_events"
CLEAR_SCHEMA = "ve_test_pseudonymization_clear"
SCHEMA = "ve_test_pseudonymization"
SALT = "test-only-salt-never-used-in-production"
# models only: the data tests are the other tests' business
MODELS_ONLY = ["--exclude-resource-type", "test", "unit_test"]
USER_ID_COLUMNS = {"user_id", "userId"}
# computed from the ids (dbt_utils.generate_surrogate_key), so they differ by construction
ID_KEY_COLUMNS = {"view_id", "user_video_id", "user_session_id"}
IGNORED_COLUMNS = {"loaded_at", "raw_line"} | ID_KEY_COLUMNS
# values the project writes itself that contain a scenario's user id as a word (user `max`)
PROJECT_WORDS = ["max_position"]
USERS_CSV = """user_id,signup_date,subscription_tier,country
alex,2024-01-02,premium,DE
sp01_a,2024-02-03,free,FR
"user, with a comma",2024-03-04,free,
catalog_only_user,2024-04-05,basic,US
alex,2024-05-06,free,DE
sp01_b,2024-99-99,free,FR
"""


def pseudonym(value: str) -> str:
    return hashlib.sha256((SALT + value).encode("utf-8")).hexdigest()


def write_landing(root: Path) -> Path:
    landing = root / "landing"
    shutil.copytree(SCENARIO_LANDING, landing)
    shutil.copytree(BAD_INPUT_EVENTS, landing / "player_events" / "bad_input")
    (landing / "users.csv").write_text(USERS_CSV, encoding="utf-8")
    return landing


def landing_user_ids(landing: Path) -> set[str]:
    """Every user id written in the landing: the `userId` / `user_id` of each event line
    (also of lines that are not valid JSON, found by pattern) and the ids of users.csv."""
    key_value = re.compile(r"""["'](?:userId|user_id)["']\s*:\s*["']([^"']+)""", re.IGNORECASE)
    with (landing / "users.csv").open(encoding="utf-8", newline="") as users:
        ids = {row["user_id"] for row in csv.DictReader(users)}
    for path in landing.rglob("*.json*"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    event = None
                if isinstance(event, dict):
                    ids.update(
                        str(event[key])
                        for key in ("userId", "user_id")
                        if event.get(key) is not None
                    )
                ids.update(key_value.findall(line))
    return {value.strip() for value in ids} - {""}


def java_regex_literal(text: str) -> str:
    """`text` as a Java regex matching it literally, every non-alphanumeric character as
    \\x{...}, so that it needs no quoting inside a SQL string."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in text)


def table_names(dbt_project, schema: str) -> list[str]:
    """The tables and views of `schema`; not the temporary views that `show tables` lists too
    (an incremental model's `<name>__dbt_tmp`, left in the shared session by another test)."""
    return sorted(
        row["tableName"]
        for row in dbt_project.query(f"show tables in {schema}")
        if not row["isTemporary"]
    )


def text_columns(dbt_project, relation: str) -> list[str]:
    """Columns whose values hold text: strings, and arrays, structs and maps (cast to text)."""
    columns = {}
    for row in dbt_project.query(f"describe {relation}"):
        name, data_type = row["col_name"], (row["data_type"] or "").lower()
        if not name or name.startswith("#"):
            break
        if data_type == "string" or data_type.startswith(("array", "struct", "map")):
            columns[name] = data_type
    return list(columns)


def mart_names() -> list[str]:
    return sorted(path.stem for path in (PROJECT_ROOT / "models" / "marts").rglob("*.sql"))


def mart_rows(dbt_project, schema: str, model: str, mapped: bool) -> Counter:
    """One mart's rows as a multiset, ignored columns left out, floats rounded (a sum may add
    the same numbers in another order once ids, and so partitions, differ); with `mapped`,
    the user ids are replaced by their pseudonyms, and inside session ids, as the
    pseudonymized build should hold them."""
    columns = []
    for row in dbt_project.query(f"describe {schema}.{model}"):
        if not row["col_name"] or row["col_name"].startswith("#"):
            break
        # timestamps as text: the bad-input corpus reaches year 1, which Python cannot convert
        columns.append(
            f"cast(`{row['col_name']}` as string) as `{row['col_name']}`"
            if row["data_type"] in ("timestamp", "date")
            else f"`{row['col_name']}`"
        )
    rows = Counter()
    for row in dbt_project.query(f"select {', '.join(columns)} from {schema}.{model}"):
        user_id = row.get("user_id", row.get("userId"))
        if mapped and user_id is not None:
            for column in USER_ID_COLUMNS & row.keys():
                row[column] = pseudonym(user_id)
            # a session id keeps its text, the user id inside it replaced (SPEC 5.2 ties)
            if row.get("session_id") is not None:
                row["session_id"] = row["session_id"].replace(user_id, pseudonym(user_id))
        values = tuple(
            (column, round(value, 9) if isinstance(value, float) else value)
            for column, value in sorted(row.items())
            if column not in IGNORED_COLUMNS
        )
        rows[values] += 1
    return rows


def test_pseudonymized_build_equals_the_clear_one_and_holds_no_clear_user_id(
    dbt_project, tmp_path, monkeypatch
):
    landing = write_landing(tmp_path)
    clear = dbt_project.build(CLEAR_SCHEMA, landing, extra_args=MODELS_ONLY)
    assert clear.success and not clear.failures, clear.describe()
    monkeypatch.setenv("VE_USER_ID_SALT", SALT)
    pseudonymized = dbt_project.build(
        SCHEMA,
        landing,
        extra_vars={"pseudonymize_user_ids": True},
        extra_args=MODELS_ONLY,
    )
    assert pseudonymized.success and not pseudonymized.failures, pseudonymized.describe()

    # every mart: the same rows once the clear build's ids are hashed
    for model in mart_names():
        expected = mart_rows(dbt_project, CLEAR_SCHEMA, model, mapped=True)
        actual = mart_rows(dbt_project, SCHEMA, model, mapped=False)
        assert expected, f"{model} is empty: the comparison would prove nothing"
        assert actual == expected, (
            f"{model}: {sum((expected - actual).values())} rows of the clear build missing, "
            f"{sum((actual - expected).values())} unexpected; e.g.\n"
            f"  expected {list(expected - actual)[:2]}\n  got {list(actual - expected)[:2]}"
        )
    # the catalog joins the events through the pseudonyms (users.csv to player events)
    alex = dbt_project.query(
        f"select is_in_user_catalog, session_count from {SCHEMA}.dim_users "
        f"where user_id = '{pseudonym('alex')}'"
    )
    assert alex and alex[0]["is_in_user_catalog"] and alex[0]["session_count"] > 0, alex

    # no clear user id anywhere but in the base models
    user_ids = landing_user_ids(landing)
    assert {"alex", "sp01_a", "bi_single_quotes", "用户", "user, with a comma"} <= user_ids
    alternatives = sorted(user_ids, key=len, reverse=True)
    pattern = (
        "(?<![A-Za-z0-9])(?:"
        + "|".join(java_regex_literal(value) for value in alternatives)
        + ")(?![A-Za-z0-9])"
    ).replace("\\", "\\\\")
    python_pattern = (
        "(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, alternatives)) + ")(?![A-Za-z0-9])"
    )
    scanned, leaks = [], []
    for table in table_names(dbt_project, SCHEMA):
        if table.startswith("base_"):
            continue
        scanned.append(table)
        texts = {}
        for column in text_columns(dbt_project, f"{SCHEMA}.{table}"):
            text = f"cast(`{column}` as string)"
            for word in PROJECT_WORDS:
                text = f"replace({text}, '{word}', '')"
            texts[column] = text
        if not texts:
            continue
        selected = ", ".join(f"{text} as `{column}`" for column, text in texts.items())
        matching = " or ".join(f"{text} rlike '{pattern}'" for text in texts.values())
        found = dbt_project.query(
            f"select {selected} from {SCHEMA}.{table} where {matching} limit 5"
        )
        leaks += [
            f"{table}.{column}: {value[:200]}"
            for row in found
            for column, value in row.items()
            if value is not None and re.search(python_pattern, value)
        ]
    assert {"stg_player__events", "stg_catalog__quarantined_lines", "fct_quarantined_lines"} <= set(
        scanned
    ), scanned
    assert not leaks, "clear user ids in the pseudonymized schema:\n" + "\n".join(leaks)
    # the scan bites: the clear build's marts are full of them
    clear_hits = dbt_project.query(
        f"select count(*) as hits from {CLEAR_SCHEMA}.fct_quarantined_lines "
        f"where raw_line rlike '{pattern}'"
    )
    assert clear_hits[0]["hits"] > 0


def test_pseudonymization_without_a_salt_fails_with_a_clear_message(dbt_project, monkeypatch):
    monkeypatch.delenv("VE_USER_ID_SALT", raising=False)
    outcome, _ = dbt_project.invoke(
        [
            "compile",
            "--select",
            "stg_catalog__users",
            "--vars",
            json.dumps({"raw_root": str(SCENARIO_LANDING), "pseudonymize_user_ids": True}),
        ],
        "ve_test_pseudonymization_no_salt",
    )
    assert not outcome.success
    assert "VE_USER_ID_SALT is not set" in outcome.describe(), outcome.describe()
