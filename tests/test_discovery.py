"""Discovery helpers on saved pages: report titles, TRS/Hanweb/VSB/generic pagination, attachments."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from parsel import Selector

from crawler.discovery import hanweb, trs, vsb
from crawler.discovery.blocked import blocked_reason
from crawler.discovery.links import (
    Link,
    anchors,
    best_attachment,
    embedded_documents,
    next_page_links,
    subcolumn_links,
)
from crawler.discovery.report_page import holds_report, page_title
from crawler.discovery.titles import is_report_title, may_be_report_title, title_year
from crawler.middlewares import is_private_host
from crawler.registry import RegistryError, load_registry, select_sites
from tests.conftest import FIXTURES, SHARED
from tests.portals import build

REAL_TITLES = SHARED / "portals" / "real_report_urls.tsv"


@pytest.fixture(scope="module")
def portals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portals")
    build(root)
    return root


def page(root: Path, path: str, encoding: str = "utf-8") -> tuple[str, Selector]:
    text = (root / path).read_bytes().decode(encoding)
    return text, Selector(text=text)


def real_titles() -> list[tuple[str, int]]:
    rows = csv.DictReader(REAL_TITLES.open(encoding="utf-8"), delimiter="\t")
    return [(re.sub(r"\(.*?\)", "", r["title"]), int(r["report_year"])) for r in rows]


@pytest.mark.parametrize(("title", "year"), real_titles())
def test_every_real_report_title_is_recognised_with_its_year(title: str, year: int) -> None:
    assert is_report_title(title), title
    assert title_year(title) == year


def test_real_list_page_titles_are_reports_and_the_real_letter_is_not() -> None:
    listing = (SHARED / "corpus" / "pt__zfxxgknb__lists__index.txt").read_text("utf-8")
    titles = re.findall(r"平潭综合实验区\d{4}年度政府信息公开工作年度报告", listing)
    assert len(titles) == 10 and all(is_report_title(t) for t in titles)
    assert not is_report_title("关于2014年政府信息公开工作要点落实情况的函")


@pytest.mark.parametrize("title", [
    "2023年政府网站工作年度报表", "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
    "图解：2025年政府信息公开工作年度报告", "关于2023年政府信息公开工作年度报告的解读",
    "政府信息公开年报", "2024年政府工作报告", "关于印发2024年政务公开工作要点的通知",
])
def test_non_reports_in_the_same_column_are_not_taken(title: str) -> None:
    assert not is_report_title(title)


def test_titles_cut_short_are_candidates_only_with_a_year() -> None:
    assert may_be_report_title("铜梁区某局2025年政府信息公开...")
    assert not may_be_report_title("铜梁区某局政府信息公开...")
    assert not may_be_report_title("铜梁区某局2025年政府信息公开工作年度报告")
    assert title_year("高岭镇_2017年_政府信息公开年报") == 2017
    assert title_year("东河区卫生健康委员会2021政府信息公开工作年度报告") == 2021


def test_trs_pager_script_gives_every_list_page(portals: Path) -> None:
    html, _ = page(portals, "trs_synthetic/zfxxgknb/index_1.html")
    assert trs.list_pages("http://x.gov.cn/col/index_1.html", html) == [
        "http://x.gov.cn/col/index.html", "http://x.gov.cn/col/index_1.html", "http://x.gov.cn/col/index_2.html"]
    variable = 'var countPage = 2//共多少页\ncreatePageHTML(countPage, 0, "index", "shtml");'
    assert trs.list_pages("http://x/c/", variable) == ["http://x/c/index.shtml", "http://x/c/index_1.shtml"]
    with_div = "createPageHTML('page_div',4, 1,'index','html',68);"
    assert len(trs.list_pages("http://x/c/", with_div)) == 4
    assert trs.list_pages("http://x/c/", "createPageHTML(1, 0, \"index\", \"html\");") == ["http://x/c/index.html"]


def test_hanweb_datastore_records_and_dataproxy_call(portals: Path) -> None:
    html, _ = page(portals, "hanweb_synthetic/col/col1229/index.html", "gb18030")
    url = "http://x.gov.cn/col/col1229/index.html"
    records = hanweb.records(url, html)
    assert len(records) == 6 and records[0].url == "http://x.gov.cn/hanweb_synthetic/art/2026/1/16/art_1229_5001.html"
    assert hanweb.total_records(html) == 14
    proxy = hanweb.proxy(url, html)
    assert proxy is not None and proxy.per_page == 2
    assert proxy.form["columnid"] == "1229" and proxy.form["unitid"] == "4961321" and proxy.form["webid"] == "3"
    assert proxy.group(7) == ("http://x.gov.cn/hanweb_synthetic/module/web/jpage/dataproxy.jsp"
                              "?startrecord=7&endrecord=12&perpage=2", proxy.form)


def test_vsb_pager_links(portals: Path) -> None:
    _, selector = page(portals, "vsb_synthetic/xxgk/ndbg.htm")
    assert vsb.list_pages("http://x/xxgk/ndbg.htm", selector) == ["http://x/xxgk/ndbg/2.htm", "http://x/xxgk/ndbg/1.htm"]
    counted = Selector(text='<span class="p_pages"><span class="p_t">共5页</span>'
                            '<span class="p_next"><a href="ndbg/4.htm">下页</a></span></span>')
    assert vsb.list_pages("http://x/xxgk/ndbg.htm", counted) == [f"http://x/xxgk/ndbg/{k}.htm" for k in (4, 1, 2, 3)]


def test_generic_next_link_and_subcolumns(portals: Path) -> None:
    _, selector = page(portals, "gbk_synthetic/xxgk/nb/list.htm", "gbk")
    assert next_page_links(anchors(selector, "http://x/xxgk/nb/list.htm")) == ["http://x/xxgk/nb/list_2.htm"]
    _, selector = page(portals, "trs_synthetic/zfxxgknb/index.html")
    links = anchors(selector, "http://x/a/zfxxgknb/index.html")
    assert subcolumn_links(links, "http://x/a/zfxxgknb/") == ["http://x/a/zfxxgknb/bm/"]
    assert subcolumn_links(links, "http://x/") == []  # a home page is not a column


def test_report_pages_and_stubs(portals: Path) -> None:
    _, report = page(portals, "trs_synthetic/zfxxgknb/202601/t20260116_1001.html")
    assert holds_report(report)
    assert page_title(report) == "重庆市铜梁区公安局2025年政府信息公开工作年度报告"
    _, stub = page(portals, "trs_synthetic/zfxxgknb/202401/t20240125_1002.html")
    assert not holds_report(stub)
    attachment = best_attachment(anchors(stub, "http://x/c/202401/t.html"))
    assert attachment == Link("http://x/c/202401/P020240125389284828373.pdf", "洪泽区2023年年报.pdf")
    _, letter = page(portals, "trs_synthetic/zfxxgknb/201412/t20141210_1003.html")
    assert not holds_report(letter)


def test_attachment_choice_prefers_the_report_and_pdf() -> None:
    links = [Link("http://x/sqb.doc", "申请表.doc"), Link("http://x/a.docx", "2024年年度报告.docx"),
             Link("http://x/a.pdf", "2024年年度报告.pdf"),
             Link("http://x/system/_content/download.jsp?wbfileid=1", "附件【年报.wps】")]
    assert best_attachment(links).url == "http://x/a.pdf"
    assert best_attachment(links[:2]).url == "http://x/a.docx"
    assert best_attachment([Link("http://x/module/download/downfile.jsp?filename=1.pdf", "下载")]) is not None
    assert best_attachment([Link("http://x/a.html", "2024年年度报告")]) is None


def test_blocked_answers() -> None:
    assert blocked_reason(412, b"<script>$_ts=window['$_ts'];</script>") == "HTTP 412: 瑞数 JS challenge ($_ts)"
    assert "加速乐" in blocked_reason(521, b"<script>document.cookie='__jsl_clearance=1'</script>")
    assert blocked_reason(403, b"Forbidden") == "HTTP 403: access refused"
    assert blocked_reason(200, (FIXTURES / "portal" / "trs_synthetic_tongliang_2025.html").read_bytes()) is None


def test_private_addresses() -> None:
    for host in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "localhost", "::1"):
        assert is_private_host(host), host
    for host in ("www.cqstl.gov.cn", "122.137.242.24"):
        assert not is_private_host(host), host


def test_shipped_registry_is_valid_and_holds_the_seeds_agencies() -> None:
    registry = load_registry()
    agencies = {site.agency for site in registry.values()}
    assert {"重庆市铜梁区公安局", "渠县人民政府"} <= agencies
    assert len(registry) >= 40
    assert all(site.domains and all(site.domains) for site in registry.values())
    with pytest.raises(RegistryError, match="unknown site key"):
        select_sites(registry, "cqstl-police,nope")


def test_registry_errors_say_what_is_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "sites.toml"
    bad.write_text('[[site]]\nkey = "a"\nagency = "b"\nstart_urls = ["ftp://x"]\n', "utf-8")
    with pytest.raises(RegistryError, match="not an http"):
        load_registry(bad)
    bad.write_text('[[site]]\nkey = "a"\n', "utf-8")
    with pytest.raises(RegistryError, match="missing agency, start_urls"):
        load_registry(bad)


def test_embedded_pdf_viewers_are_attachments() -> None:
    page = Selector(text='<iframe src="/pdfjs/web/viewer.html?file=/upload/2024/nb.pdf"></iframe>'
                         '<embed src="../files/report.pdf"><iframe src="/video.html"></iframe>')
    found = embedded_documents(page, "http://x.gov.cn/c/t.html")
    assert [link.url for link in found] == ["http://x.gov.cn/upload/2024/nb.pdf", "http://x.gov.cn/files/report.pdf"]


def test_a_gov_cn_site_covers_its_sibling_hosts() -> None:
    from crawler.registry import Site

    assert Site("k", "a", ("https://www.cqstl.gov.cn/zfxxgknb/",)).domains == ("cqstl.gov.cn",)
    assert Site("k", "a", ("http://127.0.0.1:8080/x/",)).domains == ("127.0.0.1",)
    assert Site("k", "a", ("http://x.gov.cn/",), allowed_domains=("x.gov.cn", "y.cn")).domains == ("x.gov.cn", "y.cn")
