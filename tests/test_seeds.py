"""Both seeds and the real PDF: every metadata field, table cell, check and warning as reviewed."""

from __future__ import annotations

import json

import pytest

from pipelines.report import extract
from tests.conftest import FIXTURES, record_validator

EXPECTED = FIXTURES.parent / "expected"
REAL = [
    "seed_000_tongliang_police_2025.txt",
    "seed_004_quxian_police_2024.txt",
    "hongze_district_2023.pdf",
]


def record_of(name: str) -> dict:
    path = FIXTURES / "real" / name
    return extract(path.read_bytes(), f"https://fixtures.example/{name}", fetched_at="2026-01-01T00:00:00Z")


@pytest.mark.parametrize("name", REAL)
def test_real_report_matches_expected_record(name: str) -> None:
    expected = json.loads((EXPECTED / name.rsplit(".", 1)[0]).with_suffix(".json").read_text("utf-8"))
    got = record_of(name)
    for key in ("title", "agency", "year", "published", "format", "document_type", "tables", "checks", "warnings"):
        assert got[key] == expected[key], key
    assert [(s["key"], s["heading"]) for s in got["sections"]] == [
        (s["key"], s["heading"]) for s in expected["sections"]
    ]
    assert got == expected


def test_seed_000_metadata_and_key_cells() -> None:
    record = record_of(REAL[0])
    assert record["title"] == "重庆市铜梁区公安局2025年政府信息公开工作年度报告"
    assert (record["agency"], record["year"], record["published"]) == ("重庆市铜梁区公安局", 2025, "2026-01-16")
    assert record["tables"]["proactive"]["licensing"] == {"decisions": 164474}
    assert record["tables"]["proactive"]["fees"] == {"amount_10k_yuan": 142.85}
    assert record["tables"]["requests"]["total_processed"]["total"] == 16
    assert all(check["ok"] for check in record["checks"])
    assert record["warnings"] == []


def test_seed_004_lost_rows_are_null_with_warnings() -> None:
    record = record_of(REAL[1])
    requests = record["tables"]["requests"]
    for lost in ("received", "carried_over", "disclosed", "partially_disclosed", "withheld_state_secret",
                 "withheld_process_information"):
        assert set(requests[lost].values()) == {None}
        assert f"table 三: row {lost} not found" in record["warnings"]
    assert requests["withheld_enforcement_file"]["total"] == 0
    assert requests["total_processed"] == {
        "natural_person": 1, "commercial": 0, "research": 0, "public_interest": 0,
        "legal_services": 0, "other_org": 0, "total": 1,
    }
    assert record["tables"]["proactive"]["punishment"] == {"decisions": 2023}
    assert record["tables"]["proactive"]["coercion"] == {"decisions": None}
    assert not any(c["rule"] == "requests.balance" for c in record["checks"])  # its cells were lost


def test_reviewed_records_follow_the_json_schema() -> None:
    validator = record_validator()
    for path in sorted(EXPECTED.glob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        assert not [e.message for e in validator.iter_errors(record)], path.name
