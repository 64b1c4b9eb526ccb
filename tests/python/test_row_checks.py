"""The project's generic test row_checks (tests/generic/row_checks.sql), which carries every
row-wise data test of a model in one scan: each kind of check catches the row that breaks
it, keeps the semantics of the dbt test it replaces (nulls pass all but not_null, a `where`
narrows one check, uniqueness counts the rows beyond a key's first), and passes clean data.
Run on literal rows through `dbt show`.
"""

from __future__ import annotations

ROWS = (
    "(select * from values "
    "(null, 'x', -1, 0, 'p'), "
    "(1, 'y', 5, 1, 'q'), "
    "(2, 'z', null, 2, 'q'), "
    "(3, null, 100, 3, null) "
    "as rows(a, b, c, d, e))"
)


def shown_rows(dbt_project, sql: str) -> list[tuple]:
    """The rows of `dbt show --inline sql`."""
    outcome, result = dbt_project.invoke(
        ["show", "--inline", sql, "--limit", "50"], "ve_test_row_checks"
    )
    assert outcome.success, outcome.describe()
    [shown] = result.results
    return [tuple(row) for row in shown.agate_table.rows]


def failing_checks(dbt_project, arguments: str) -> dict[str, int]:
    sql = f'{{{{ test_row_checks(model="{ROWS}", {arguments}) }}}}'
    return dict(shown_rows(dbt_project, sql))


def test_each_kind_of_check_catches_its_broken_rows(dbt_project):
    failures = failing_checks(
        dbt_project,
        "not_null=['a', 'b', {'column': 'c', 'where': \"e = 'q'\"}], "
        "accepted_values={'b': ['x', 'y']}, "
        "between={'c': {'min_value': 0, 'max_value': 99}, "
        "'d': {'min_value': 0, 'strictly': true}}, "
        "expressions=['d < 3', {'expression': 'd > 1', 'where': \"b = 'y'\"}], "
        "unique=['d', 'e', ['b', 'e'], {'columns': ['e'], 'where': 'a is not null'}]",
    )
    assert failures == {
        "not_null(a)": 1,  # row 1
        "not_null(b)": 1,  # row 4
        "not_null(c) where e = 'q'": 1,  # row 3 (row 1's null c is not in the where)
        "accepted_values(b)": 1,  # 'z'; the null b passes, as in dbt's accepted_values
        "between(c >= 0 and c <= 99)": 2,  # -1 and 100; the null c passes
        "between(d > 0)": 1,  # strictly: 0 fails
        "d < 3": 1,  # row 4
        "d > 1 where b = 'y'": 1,  # row 2
        "unique(e)": 1,  # q twice; the null is no value (dbt unique)
        "unique(e) where a is not null": 1,  # q twice; as a combination the null is a value
    }


def test_clean_rows_pass(dbt_project):
    failures = failing_checks(
        dbt_project,
        "not_null=['d'], accepted_values={'b': ['x', 'y', 'z']}, "
        "between={'c': {'min_value': -1, 'max_value': 100}}, expressions=['d >= 0'], "
        "unique=['d', ['b', 'e']]",
    )
    assert failures == {}


def test_a_where_can_name_the_latest_value_of_a_column_of_the_tested_relation(dbt_project):
    """`__latest_<column>__` in a data test's `where` (macros/testing/get_where_subquery.sql)
    stands for the largest value of the column in the tested relation: the daily runs test
    the rows of the latest batch (SPEC 9.1), a full refresh every row."""

    def rows_tested(where: str) -> list[tuple]:
        sql = (
            f'{{{{ config(where="{where}") }}}} '
            f'select a, d from {{{{ get_where_subquery("{ROWS}") }}}} order by d'
        )
        return shown_rows(dbt_project, sql)

    assert rows_tested("d = __latest_d__") == [(3, 3)]
    assert rows_tested("d < __latest_d__ and a is not null") == [(1, 1), (2, 2)]
    # a where without the placeholder is dbt's own
    assert rows_tested("b = 'x'") == [(None, 0)]
