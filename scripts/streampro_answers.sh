#!/usr/bin/env bash
# Builds the project on the real StreamPro sample (sample_data_streampro/, SPEC 3.2) and
# prints the answers to the three product questions of SPEC 6:
#   Q1  share of new users whose first session reaches 30 s of watch time
#   Q2  3-day second-session retention by genre of the first session's first video
#   Q3  drop-off rate by device OS and app version, with the abnormality flag
#   ./scripts/streampro_answers.sh                                   # the shipped sample
#   ./scripts/streampro_answers.sh --vars '{raw_root: /abs/path}'    # another landing folder
# Extra arguments go to `dbt build`. It builds into its own schema (DBT_SCHEMA, default
# ve_streampro), so the marts of ./scripts/run.sh are left alone.
set -euo pipefail
source "$(dirname "$0")/env.sh"
export DBT_SCHEMA="${DBT_SCHEMA:-ve_streampro}"

scripts/install_dbt_packages.sh
if [[ " $* " == *"raw_root"* ]]; then
    dbt build --quiet "$@"
else
    dbt build --quiet --vars '{raw_root: sample_data_streampro}' "$@"
fi

for question in q1_first_session_reached_30s q2_retention_by_first_genre \
                q3_dropoff_by_os_and_app_version; do
    echo
    echo "== ${question} (analyses/${question}.sql)"
    # JSON out, a plain table in: `dbt show` prints at most six columns
    dbt show --quiet --select "${question}" --limit 100 --output json | python -c '
import json, sys
rows = json.load(sys.stdin)["show"]
columns = list(rows[0]) if rows else []
cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
for r in cells:
    print("  ".join(v.ljust(w) for v, w in zip(r, widths)))
'
done
