"""The tables' own rules (勾稽关系), each applied only where all its cells were read."""

from __future__ import annotations

from .tables import OTHER_ROWS_2021, OUTCOME_ROWS, REQUEST_COLUMNS, REVIEW_COLUMNS


def _rule(rule: str, scope: str, left: list, right: list) -> dict | None:
    if any(v is None for v in left + right):
        return None
    ok = sum(left) == sum(right)
    detail = f"{' + '.join(map(str, left))} = {' + '.join(map(str, right))}"
    return {"rule": rule, "scope": scope, "ok": ok, "detail": detail}


def requests_checks(table: dict) -> list[dict]:
    def cell(row: str, column: str):
        return (table.get(row) or {}).get(column)

    other_rows = OTHER_ROWS_2021 if any(k in table for k in OTHER_ROWS_2021) else ("other",)
    outcomes = (*OUTCOME_ROWS, *other_rows)
    checks = []
    for column in REQUEST_COLUMNS:
        checks.append(_rule(
            "requests.balance", column,
            [cell("received", column), cell("carried_over", column)],
            [cell("total_processed", column), cell("carried_forward", column)],
        ))
    for column in REQUEST_COLUMNS:
        checks.append(_rule(
            "requests.outcomes_sum", column,
            [cell("total_processed", column)], [cell(row, column) for row in outcomes],
        ))
    for row, values in table.items():
        if values is None:
            continue
        checks.append(_rule(
            "requests.columns_sum", row,
            [values["total"]], [values[c] for c in REQUEST_COLUMNS[:-1]],
        ))
    return [c for c in checks if c]


def review_checks(table: dict) -> list[dict]:
    checks = []
    for group, values in table.items():
        checks.append(_rule(
            "review_litigation.sum", group,
            [values["total"]], [values[c] for c in REVIEW_COLUMNS[:-1]],
        ))
    return [c for c in checks if c]
