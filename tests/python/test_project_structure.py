"""dbt-project-evaluator's structure rules, enforced over dbt's manifest.json.

One `dbt parse` (no Spark, no build) writes the manifest to target/structure/; every
rule of tests/python/project_structure.py then runs over it. `test_structure_rule[<rule>]`
fails with one line per offending model and edge, e.g.

    marts_depend_on_intermediates: fct_video_views -> stg_player__events (staging)

unless the model's yml documents an exception (`config: meta: structure_exceptions: {<rule>:
"<reason>"}`); `test_structure_exceptions_are_documented_and_current` fails on an exception
without a reason, for an unknown rule, or for a rule that is no longer broken.

The self-tests below prove each rule bites: they take the real parsed manifest, inject one
offending dependency, file or exception, and assert the rule reports exactly that.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import project_structure as ps
import pytest
from project_structure import Project, evaluate

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _parse_manifest(target_path: Path) -> dict[str, Any]:
    """`dbt parse` through dbt's programmatic runner, with the flags dbt_harness uses."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    result = dbtRunner().invoke(
        [
            "parse",
            "--target-path",
            str(target_path),
            "--log-path",
            str(target_path / "logs"),
            "--project-dir",
            str(PROJECT_ROOT),
            "--profiles-dir",
            str(PROJECT_ROOT),
        ]
    )
    assert result.success, f"dbt parse failed: {result.exception!r}"
    return json.loads((target_path / "manifest.json").read_text())


def _read_project_file(relative_path: str) -> str:
    return (PROJECT_ROOT / relative_path).read_text()


@pytest.fixture(scope="module")
def project() -> Project:
    # A target path of its own (git-ignored target/), kept between runs: dbt's partial parsing
    # then re-reads only changed files (about 1 s instead of a full parse), and the manifest
    # never mixes with the builds' target/.
    return Project(_parse_manifest(PROJECT_ROOT / "target" / "structure"), _read_project_file)


@pytest.fixture(scope="module")
def report(project: Project) -> ps.Report:
    return evaluate(project)


# --- the rules on the real project ------------------------------------------------------------


@pytest.mark.parametrize("rule", list(ps.RULES))
def test_structure_rule(report: ps.Report, rule: str) -> None:
    lines = report.lines(rule)
    if lines:
        pytest.fail(
            f"{len(lines)} violation(s) of {rule} (fix them, or document an exception in the "
            f"yml of the model, source or macro: config: meta: {ps.EXCEPTIONS_KEY}: "
            f'{{{rule}: "<reason>"}}):\n' + "\n".join(lines),
            pytrace=False,
        )


def test_structure_exceptions_are_documented_and_current(report: ps.Report) -> None:
    if report.exception_problems:
        pytest.fail("\n".join(report.exception_problems), pytrace=False)


# --- helpers for the self-tests ---------------------------------------------------------------


def mutated(
    project: Project, change: Callable[[dict[str, Any]], None], files: dict[str, str] | None = None
) -> Project:
    """The real project with `change` applied to a copy of its manifest and, optionally,
    some file texts replaced."""
    manifest = ps.copy_manifest(project)
    change(manifest)
    overrides = dict(files or {})
    return Project(
        manifest, lambda path: overrides[path] if path in overrides else project.read_text(path)
    )


def introduced(project: Project, changed: Project, rule: str) -> set[str]:
    """Failure lines of `rule` that the change added to today's."""
    return set(evaluate(changed, [rule]).lines()) - set(evaluate(project, [rule]).lines())


def pick(
    project: Project,
    layer: str,
    prefix: str = "",
    not_parent_of: str = "",
    skip: tuple[str, ...] = (),
) -> str:
    """The first model (by name) of a layer that is not already a parent of `not_parent_of`:
    any real model serves."""
    taken = set(project.parents.get(not_parent_of, [])) | {not_parent_of, *skip}
    names = sorted(
        (m.name, uid)
        for uid, m in project.models.items()
        if m.layer == layer and m.name.startswith(prefix) and uid not in taken
    )
    assert names, f"the parsed project has no {layer} model to pick"
    return names[0][1]


def pick_source(project: Project, other_than: str | None = None) -> str:
    """A source not read by `other_than` yet, of another source folder than its own."""
    folder = project.models[other_than].source_folder if other_than else None
    taken = set(project.parents.get(other_than or "", []))
    return sorted(
        uid
        for uid, src in project.sources.items()
        if src["source_name"] != folder and uid not in taken
    )[0]


def drop_exceptions(manifest: dict[str, Any], uid: str) -> None:
    """Forget the documented exceptions of one node or source, so that a self-test sees
    every violation an injected change causes there."""
    for section in ("nodes", "sources"):
        node = manifest.get(section, {}).get(uid)
        if node is not None:
            node.get("meta", {}).pop(ps.EXCEPTIONS_KEY, None)
            node.get("config", {}).get("meta", {}).pop(ps.EXCEPTIONS_KEY, None)


def add_parent(manifest: dict[str, Any], child: str, parent: str) -> None:
    manifest["nodes"][child]["depends_on"]["nodes"].append(parent)


def add_model(
    manifest: dict[str, Any], path: str, parents: list[str], raw_code: str = "select 1 as x"
) -> str:
    """A new model at `path` (models/...), cloned from a real one, reading `parents`."""
    template = next(n for n in manifest["nodes"].values() if n["resource_type"] == "model")
    name = Path(path).stem
    uid = f"model.{manifest['metadata']['project_name']}.{name}"
    node = json.loads(json.dumps(template))
    node.update(
        unique_id=uid,
        name=name,
        original_file_path=path,
        path=path[len("models/") :],
        raw_code=raw_code,
        description=f"Self-test model {name}.",
        columns={},
        meta={},
    )
    node["config"]["meta"] = {}
    node["depends_on"]["nodes"] = list(parents)
    manifest["nodes"][uid] = node
    return uid


def set_exceptions(
    manifest: dict[str, Any], uid: str, exceptions: Any, where: str = "config"
) -> None:
    section = (
        manifest["sources"]
        if uid.startswith("source.")
        else (manifest["macros"] if uid.startswith("macro.") else manifest["nodes"])
    )
    node = section[uid]
    if where == "config":
        node.setdefault("config", {}).setdefault("meta", {})[ps.EXCEPTIONS_KEY] = exceptions
    else:
        node.setdefault("meta", {})[ps.EXCEPTIONS_KEY] = exceptions


def name(project: Project, uid: str) -> str:
    return project.label(uid)


# --- self-tests: every rule reports an injected offence ---------------------------------------


def test_a_mart_reading_staging_is_reported(project: Project) -> None:
    mart = pick(project, "marts", "fct_")
    stg = pick(project, "staging", not_parent_of=mart)
    changed = mutated(project, lambda m: add_parent(m, mart, stg))
    assert introduced(project, changed, "marts_depend_on_intermediates") == {
        f"marts_depend_on_intermediates: {name(project, mart)} -> {name(project, stg)} (staging)"
    }


def test_a_mart_reading_a_source_or_a_fact_is_reported_a_dimension_is_not(project: Project) -> None:
    mart = pick(project, "marts", "fct_")
    src = pick_source(project, other_than=mart)
    fact = pick(project, "marts", "fct_", not_parent_of=mart)

    def change(m: dict[str, Any]) -> None:
        dim = add_model(
            m, "models/marts/selftest/dim_selftest.sql", [pick(project, "intermediate")]
        )
        for parent in (src, fact, dim):
            add_parent(m, mart, parent)

    changed = mutated(project, change)
    assert introduced(project, changed, "marts_depend_on_intermediates") == {
        f"marts_depend_on_intermediates: {name(project, mart)} -> {name(project, src)} (source)",
        f"marts_depend_on_intermediates: {name(project, mart)} -> {name(project, fact)} (marts)",
    }


def test_an_intermediate_reading_a_source_is_reported_by_three_rules(project: Project) -> None:
    inter = pick(project, "intermediate")
    src = pick_source(project, other_than=inter)

    def change(m: dict[str, Any]) -> None:
        drop_exceptions(m, src)
        add_parent(m, inter, src)

    changed = mutated(project, change)
    edge = f"{name(project, inter)} -> {name(project, src)} (source)"
    assert introduced(project, changed, "intermediate_depends_on_staging_or_intermediate") == {
        f"intermediate_depends_on_staging_or_intermediate: {edge}"
    }
    assert introduced(project, changed, "sources_read_only_by_own_staging") == {
        f"sources_read_only_by_own_staging: {edge}: read by a intermediate model, "
        f"not by models/staging/{project.sources[src]['source_name']}/"
    }
    [fanout] = introduced(project, changed, "source_fanout")
    assert fanout.startswith(f"source_fanout: {name(project, src)} (source) is read by ")
    assert name(project, inter) in fanout


def test_an_intermediate_reading_a_base_model_or_a_mart_is_reported(project: Project) -> None:
    inter = pick(project, "intermediate")
    mart = pick(project, "marts", not_parent_of=inter)
    stg = pick(project, "staging")
    folder = project.models[stg].source_folder
    own_source = next(uid for uid, s in project.sources.items() if s["source_name"] == folder)

    def change(m: dict[str, Any]) -> None:
        base = add_model(
            m, f"models/staging/{folder}/base/base_{folder}__selftest.sql", [own_source]
        )
        add_parent(m, inter, base)
        add_parent(m, inter, mart)

    changed = mutated(project, change)
    assert introduced(project, changed, "intermediate_depends_on_staging_or_intermediate") == {
        f"intermediate_depends_on_staging_or_intermediate: {name(project, inter)} -> "
        f"base_{folder}__selftest (base)",
        f"intermediate_depends_on_staging_or_intermediate: {name(project, inter)} -> "
        f"{name(project, mart)} (marts)",
    }


def test_staging_reading_other_staging_an_intermediate_or_a_foreign_source_is_reported(
    project: Project,
) -> None:
    stg = pick(project, "staging")
    other_stg = pick(project, "staging", not_parent_of=stg)
    inter = pick(project, "intermediate", not_parent_of=stg)
    foreign = pick_source(project, other_than=stg)

    def change(m: dict[str, Any]) -> None:
        for parent in (other_stg, inter, foreign):
            add_parent(m, stg, parent)

    changed = mutated(project, change)
    rule = "staging_reads_only_own_source"
    assert introduced(project, changed, rule) == {
        f"{rule}: {name(project, stg)} -> {name(project, other_stg)} (staging)",
        f"{rule}: {name(project, stg)} -> {name(project, inter)} (intermediate)",
        f"{rule}: {name(project, stg)} -> {name(project, foreign)} (source)",
    }
    assert any(
        line.startswith(
            f"sources_read_only_by_own_staging: {name(project, stg)} -> "
            f"{name(project, foreign)} (source)"
        )
        for line in introduced(project, changed, "sources_read_only_by_own_staging")
    )


def test_a_base_layer_reading_its_own_source_passes_and_a_foreign_one_is_reported(
    project: Project,
) -> None:
    folder = sorted({s["source_name"] for s in project.sources.values()})[0]
    own = sorted(uid for uid, s in project.sources.items() if s["source_name"] == folder)[0]
    foreign = sorted(uid for uid, s in project.sources.items() if s["source_name"] != folder)[0]
    base_dir = f"models/staging/{folder}/base"

    def change(m: dict[str, Any]) -> None:
        good = add_model(m, f"{base_dir}/base_{folder}__good.sql", [own])
        add_model(m, f"{base_dir}/base_{folder}__stacked.sql", [good])
        add_model(m, f"models/staging/{folder}/stg_{folder}__from_base.sql", [good])
        add_model(m, f"{base_dir}/base_{folder}__bad.sql", [foreign])

    changed = mutated(project, change)
    edge = f"base_{folder}__bad -> {name(project, foreign)} (source)"
    assert introduced(project, changed, "staging_reads_only_own_source") == {
        f"staging_reads_only_own_source: {edge}"
    }
    assert introduced(project, changed, "sources_read_only_by_own_staging") == {
        f"sources_read_only_by_own_staging: {edge}: read by a base model of "
        f"models/staging/{folder}/, not by models/staging/"
        f"{project.sources[foreign]['source_name']}/"
    }
    assert not introduced(project, changed, "model_naming_conventions")


def test_an_unread_source_is_reported(project: Project) -> None:
    src = pick_source(project)

    def change(m: dict[str, Any]) -> None:
        drop_exceptions(m, src)
        for node in m["nodes"].values():
            if src in node.get("depends_on", {}).get("nodes", []):
                node["depends_on"]["nodes"].remove(src)

    changed = mutated(project, change)
    assert (
        f"source_fanout: {name(project, src)} (source) is read by 0 models, expected "
        f"exactly 1: no model"
    ) in introduced(project, changed, "source_fanout")


def test_model_fanout_reports_three_leaf_children_not_two(project: Project) -> None:
    stg = pick(project, "staging")

    def with_leaves(count: int) -> Callable[[dict[str, Any]], None]:
        def change(m: dict[str, Any]) -> None:
            hub = add_model(m, "models/intermediate/selftest/int_selftest_hub.sql", [stg])
            for i in range(1, count + 1):
                add_model(m, f"models/marts/selftest/fct_selftest_leaf_{i}.sql", [hub])

        return change

    assert not introduced(project, mutated(project, with_leaves(2)), "model_fanout")
    assert introduced(project, mutated(project, with_leaves(3)), "model_fanout") == {
        "model_fanout: int_selftest_hub has 3 leaf children (at most 2): "
        "fct_selftest_leaf_1, fct_selftest_leaf_2, fct_selftest_leaf_3"
    }


def test_a_rejoin_is_reported_unless_the_model_in_between_has_other_children(
    project: Project,
) -> None:
    stg = pick(project, "staging")

    def rejoin(extra_child: bool) -> Callable[[dict[str, Any]], None]:
        def change(m: dict[str, Any]) -> None:
            between = add_model(m, "models/intermediate/selftest/int_selftest_between.sql", [stg])
            add_model(m, "models/intermediate/selftest/int_selftest_rejoin.sql", [stg, between])
            if extra_child:
                add_model(m, "models/intermediate/selftest/int_selftest_other.sql", [between])

        return change

    rule = "rejoining_of_upstream_concepts"
    assert introduced(project, mutated(project, rejoin(False)), rule) == {
        f"{rule}: int_selftest_rejoin -> int_selftest_between -> {name(project, stg)} and "
        f"int_selftest_rejoin -> {name(project, stg)} (staging); int_selftest_between has no "
        f"other child"
    }
    assert not introduced(project, mutated(project, rejoin(True)), rule)


def test_hard_coded_references_in_a_model_are_reported(project: Project) -> None:
    mart = pick(project, "marts")
    raw = project.models[mart].node["raw_code"].rstrip("\n")
    lines = raw.count("\n") + 1
    appended = (
        "\nunion all\nselect * from analytics.some_table\nunion all\nselect * from some_bare_table"
    )

    def change(m: dict[str, Any]) -> None:
        m["nodes"][mart]["raw_code"] = raw + appended

    path = project.models[mart].path
    assert introduced(project, mutated(project, change), "hard_coded_references") == {
        f"hard_coded_references: {name(project, mart)} -> analytics.some_table "
        f"({path}:{lines + 2})",
        f"hard_coded_references: {name(project, mart)} -> some_bare_table ({path}:{lines + 4})",
    }


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("select * from my_db.my_schema.orders", ["my_db.my_schema.orders"]),
        (
            "select * from `raw`.`orders` o join customers c on o.id = c.id",
            ["`raw`.`orders`", "customers"],
        ),
        ("select * from {{ var('orders_table') }}", ["{{ var('orders_table') }}"]),
        ('select * from {{- var("orders_table") -}}', ["{{ var('orders_table') }}"]),
        (
            "with orders as (select * from {{ ref('stg_orders') }}),\n"
            "totals (id, n) as (select id, count(*) from orders group by id)\n"
            "select * from orders join totals using (id)",
            [],
        ),
        (
            "select extract(year from ts), trim(both ' ' from name), substring(s from 2)\n"
            "from {{ source('raw', 'orders') }} where a is distinct from b",
            [],
        ),
        (
            "-- select * from commented.out\n/* join also.commented */\n"
            "select 'from quoted.text' as s from range(10) cross join lateral view",
            [],
        ),
        ("{% set rel = ref('x') %}\nselect * from {{ rel }}\n-- depends_on: {{ ref('y') }}", []),
        (
            "select * from (select * from {{ ref('a') }}) as sub left join raw_schema.b on true",
            ["raw_schema.b"],
        ),
    ],
)
def test_hard_coded_reference_finder(sql: str, expected: list[str]) -> None:
    assert [ref for _, ref in ps.find_hard_coded_references(sql)] == expected


def test_a_root_model_is_reported(project: Project) -> None:
    inter = pick(project, "intermediate")
    changed = mutated(project, lambda m: m["nodes"][inter]["depends_on"].update(nodes=[]))
    assert f"root_models: {name(project, inter)} has no parent (no ref() or source())" in (
        introduced(project, changed, "root_models")
    )


def test_a_macro_calling_ref_or_source_is_reported(project: Project) -> None:
    macro = sorted(
        uid
        for uid, mac in project.macros.items()
        if not ps.REF_OR_SOURCE_CALL.search(mac["macro_sql"])
    )[0]
    mac = project.macros[macro]
    path = "macros/selftest/reads_models.sql"
    file_text = (
        "{% macro reads_models() %}\n"
        "    select * from {{ ref('some_model') }}\n"
        "    {%- set rel = source('raw', 'table') -%}\n"
        "    {# a comment may say ref('x') #}\n"
        "{% endmacro %}\n"
    )

    def change(m: dict[str, Any]) -> None:
        m["macros"][macro]["macro_sql"] = mac["macro_sql"].replace(
            "%}", "%}{{ ref('injected') }}", 1
        )
        uid = f"macro.{m['metadata']['project_name']}.reads_models"
        m["macros"][uid] = {
            **mac,
            "unique_id": uid,
            "name": "reads_models",
            "original_file_path": path,
            "path": path,
            "macro_sql": file_text.rstrip("\n"),
        }

    changed = mutated(project, change, files={path: file_text})
    found = introduced(project, changed, "macros_do_not_ref_or_source")
    assert {line for line in found if "reads_models" in line} == {
        f"macros_do_not_ref_or_source: reads_models calls ref() ({path}:2)",
        f"macros_do_not_ref_or_source: reads_models calls source() ({path}:3)",
    }
    assert any(
        line.startswith(f"macros_do_not_ref_or_source: {mac['name']} calls ref() (")
        for line in found
    )


def test_over_long_model_and_macro_files_are_reported(project: Project) -> None:
    short_model = sorted(
        uid for uid, m in project.models.items() if ps.count_lines(m.node["raw_code"]) <= 200
    )
    at_limit, over_limit = short_model[0], short_model[1]
    macro_path, macro_owner = sorted(
        (p, o)
        for p, o in ps.macro_files(project).items()
        if ps.count_lines(project.read_text(p)) <= 120
    )[0]

    def change(m: dict[str, Any]) -> None:
        m["nodes"][at_limit]["raw_code"] = "select 1\n" * 200
        m["nodes"][over_limit]["raw_code"] = "select 1\n" * 201

    changed = mutated(project, change, files={macro_path: "-- line\n" * 121})
    over = project.models[over_limit]
    assert introduced(project, changed, "file_too_long") == {
        f"file_too_long: {over.name} ({over.path}) has 201 lines (at most 200)",
        f"file_too_long: {macro_path} has 121 lines (at most 120)",
    }
    assert macro_owner in project.macros


def test_missing_model_and_column_descriptions_are_reported(project: Project) -> None:
    with_columns = sorted(uid for uid, m in project.models.items() if m.node["columns"])[0]
    column = sorted(project.models[with_columns].node["columns"])[0]

    def change(m: dict[str, Any]) -> None:
        m["nodes"][with_columns]["description"] = "  "
        m["nodes"][with_columns]["columns"][column]["description"] = ""

    changed = mutated(project, change)
    model_name = name(project, with_columns)
    assert introduced(project, changed, "model_descriptions") == {
        f"model_descriptions: {model_name} has no description"
    }
    assert introduced(project, changed, "column_descriptions") == {
        f"column_descriptions: {model_name}.{column} has no description"
    }


def test_a_model_that_does_not_say_how_a_daily_run_treats_it_is_reported(
    project: Project,
) -> None:
    def materialized(kind: str) -> str:
        return sorted(
            uid for uid, m in project.models.items() if m.node["config"]["materialized"] == kind
        )[0]

    table, incremental = materialized("table"), materialized("incremental")
    partitioned = next(
        uid
        for uid, m in sorted(project.models.items())
        if m.node["config"].get("partition_by") == ["session_date"]
    )

    def change(m: dict[str, Any]) -> None:
        m["nodes"][table]["config"]["meta"]["incremental"] = "small"
        del m["nodes"][incremental]["config"]["meta"]["incremental"]
        m["nodes"][incremental]["meta"].pop("incremental", None)
        m["nodes"][partitioned]["config"]["meta"]["incremental"] = "insert_overwrite by day"

    changed = mutated(project, change)
    assert introduced(project, changed, "materialization_explained") == {
        f"materialization_explained: {name(project, table)} (table) meta.incremental of a "
        "table does not start with 'rebuilt whole: ' and why",
        f"materialization_explained: {name(project, incremental)} (incremental) has no "
        "meta.incremental (how a daily run treats it, and why)",
        f"materialization_explained: {name(project, partitioned)} (incremental) "
        "meta.incremental does not name its partitions (session_date)",
    }


def test_names_that_do_not_match_their_folder_are_reported(project: Project) -> None:
    folder = sorted({s["source_name"] for s in project.sources.values()})[0]
    stg = pick(project, "staging")
    paths = [
        "models/marts/selftest/int_in_marts.sql",
        "models/intermediate/selftest/stg_in_intermediate.sql",
        f"models/staging/{folder}/{folder}_unprefixed.sql",
        f"models/staging/{folder}/base_outside_base.sql",
        f"models/staging/{folder}/base/stg_in_base.sql",
        "models/staging/stg_without_source_folder.sql",
        "models/reports/rpt_elsewhere.sql",
    ]

    def change(m: dict[str, Any]) -> None:
        for path in paths:
            add_model(m, path, [stg])

    found = introduced(project, mutated(project, change), "model_naming_conventions")
    assert len(found) == len(paths)
    for path in paths:
        assert any(f"{Path(path).stem} ({path})" in line for line in found), path


# --- self-tests: exceptions -------------------------------------------------------------------


def _mart_reading_staging(project: Project) -> tuple[str, str]:
    mart = pick(project, "marts", "fct_")
    return mart, pick(project, "staging", not_parent_of=mart)


@pytest.mark.parametrize("where", ["config", "meta"])
def test_a_documented_exception_silences_its_rule_only(project: Project, where: str) -> None:
    mart, stg = _mart_reading_staging(project)

    def change(m: dict[str, Any]) -> None:
        add_parent(m, mart, stg)
        m["nodes"][mart]["config"]["meta"] = {}
        m["nodes"][mart]["meta"] = {}
        set_exceptions(m, mart, {"marts_depend_on_intermediates": "self-test reason"}, where)

    result = evaluate(mutated(project, change))
    assert not [
        v
        for v in result.unexcepted
        if v.owner == mart and v.rule == "marts_depend_on_intermediates"
    ]
    assert not [p for p in result.exception_problems if name(project, mart) in p]


def test_an_exception_without_reason_is_reported_and_does_not_silence(project: Project) -> None:
    mart, stg = _mart_reading_staging(project)

    def change(m: dict[str, Any]) -> None:
        add_parent(m, mart, stg)
        set_exceptions(m, mart, {"marts_depend_on_intermediates": " "})

    result = evaluate(mutated(project, change))
    assert (
        f"structure_exceptions: {name(project, mart)}: exception to "
        f"marts_depend_on_intermediates has no reason"
    ) in result.exception_problems
    assert (
        f"marts_depend_on_intermediates: {name(project, mart)} -> {name(project, stg)} (staging)"
    ) in result.lines()


def test_stale_and_unknown_exceptions_are_reported(project: Project) -> None:
    inter = pick(project, "intermediate")  # it has parents: root_models is not broken
    src = pick_source(project)

    def change(m: dict[str, Any]) -> None:
        set_exceptions(m, inter, {"root_models": "was generated once", "no_such_rule": "x"})
        set_exceptions(m, src, "not a mapping")

    problems = evaluate(mutated(project, change)).exception_problems
    who = name(project, inter)
    assert (
        f"structure_exceptions: {who}: stale exception to root_models ({who} no longer "
        f"breaks it); remove it"
    ) in problems
    assert any(
        p.startswith(f"structure_exceptions: {who}: unknown rule 'no_such_rule'") for p in problems
    )
    assert (
        f"structure_exceptions: {name(project, src)}: expected a mapping "
        f"{{<rule>: <reason>}}, got 'not a mapping'"
    ) in problems


def test_a_source_and_a_macro_can_carry_exceptions(project: Project) -> None:
    src = pick_source(project)
    path, owner = sorted(ps.macro_files(project).items())[0]

    def change(m: dict[str, Any]) -> None:
        set_exceptions(m, src, {"source_fanout": "self-test reason"})
        set_exceptions(m, owner, {"file_too_long": "self-test reason"})
        add_parent(m, pick(project, "intermediate", not_parent_of=src), src)

    result = evaluate(mutated(project, change, files={path: "x\n" * 500}))
    assert not [
        v
        for v in result.unexcepted
        if v.owner in (src, owner) and v.rule in ("source_fanout", "file_too_long")
    ]
    assert not [
        p for p in result.exception_problems if name(project, src) in p or name(project, owner) in p
    ]
