"""The real seed 000 as portals serve it (TRS, Hanweb GB2312, GBK without charset, VSB with <div>
tables, DOCX, PDF): every table cell, check and section as the reviewed record of the seed."""

from __future__ import annotations

import json

import pytest

from pipelines.report import extract
from tests.conftest import FIXTURES

SEED = json.loads((FIXTURES.parent / "expected" / "seed_000_tongliang_police_2025.json").read_text("utf-8"))
PORTAL = FIXTURES / "portal"
SERVED = {
    "trs_synthetic_tongliang_2025.html": ("html", "2026-01-16"),
    "hanweb_gb2312_synthetic_tongliang_2025.html": ("html", "2026-01-16"),
    "gbk_nocharset_synthetic_tongliang_2025.html": ("html", "2026-01-16"),
    "vsb_divtables_synthetic_tongliang_2025.html": ("html", "2026-01-16"),
    "docx_synthetic_tongliang_2025.docx": ("docx", None),
    "pdf_synthetic_tongliang_2025.pdf": ("pdf", None),
}


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", sorted(SERVED))
def test_served_forms_of_seed_000_give_its_record(name: str) -> None:
    record = extract((PORTAL / name).read_bytes(), f"https://www.cqstl.gov.cn/{name}")
    kind, published = SERVED[name]
    assert record["document_type"] == kind
    assert (record["title"], record["agency"], record["year"]) == (SEED["title"], SEED["agency"], SEED["year"])
    assert record["published"] == published
    assert record["format"] == "2021"
    assert record["tables"] == SEED["tables"]
    assert record["checks"] == SEED["checks"]
    assert record["warnings"] == []
    assert [(s["key"], s["heading"], squeeze(s["text"])) for s in record["sections"]] == [
        (s["key"], s["heading"], squeeze(s["text"])) for s in SEED["sections"]
    ]


def test_article_body_leaves_out_navigation_and_footer() -> None:
    record = extract((PORTAL / "trs_synthetic_tongliang_2025.html").read_bytes(), "https://x/a.html")
    text = "".join(s["text"] for s in record["sections"])
    for chrome in ("办事服务", "分享到", "渝ICP备", "网站标识码"):
        assert chrome not in text


def test_gbk_page_without_charset_is_decoded() -> None:
    body = (PORTAL / "gbk_nocharset_synthetic_tongliang_2025.html").read_bytes()
    assert b"charset" not in body
    assert extract(body, "https://x/a.html")["title"].startswith("重庆市铜梁区公安局")


def test_2019_generation_report() -> None:
    record = extract((PORTAL / "pingtan_2019_reconstructed_synthetic.html").read_bytes(), "https://x/2019.html")
    assert record["format"] == "2019"
    assert (record["year"], record["published"]) == (2019, "2020-01-20")
    proactive = record["tables"]["proactive"]
    assert proactive["normative_documents"] == {"made": 89, "published": 89, "total_public": 89}
    assert proactive["punishment"] == {"previous_items": 2648, "change": -185, "decisions": 430}
    assert proactive["fees"] == {"previous_items": 35, "change": -1}
    assert proactive["procurement"] == {"projects": 135, "amount_10k_yuan": 7539.443252}  # 75394432.52元
    requests = record["tables"]["requests"]
    assert "other" in requests and "other_other" not in requests
    assert requests["received"]["total"] == 23
    assert all(check["ok"] for check in record["checks"])
    assert record["warnings"] == []


def test_legacy_report_keeps_its_own_sections() -> None:
    record = extract((FIXTURES / "real" / "pingtan_2011_legacy.txt").read_bytes(), "https://x/2011.htm")
    assert (record["format"], record["year"]) == ("legacy", 2011)
    assert record["title"] == "平潭县人民政府2011年政府信息公开工作年度报告"
    assert record["tables"] == {"proactive": None, "requests": None, "review_litigation": None}
    assert record["sections"] and all(s["key"] is None for s in record["sections"])


def test_letter_in_the_report_column_has_no_report_content() -> None:
    record = extract((FIXTURES / "real" / "pingtan_2014_letter_not_a_report.txt").read_bytes(), "https://x/l.htm")
    assert record["tables"] == {"proactive": None, "requests": None, "review_litigation": None}
    assert record["title"] is None or "年度报告" not in record["title"]
