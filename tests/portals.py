"""Fixture portals, synthetic, in the markup of the CMS families real portals run (shared/spec/portals.md).

`build(root)` writes one portal per family under `root`, served by tests/mockserver.py. The list
pages and stubs are synthetic (their site keys and folders say so); the reports they serve are the
fixtures in tests/fixtures: the real 洪泽区 PDF, the real legacy and letter texts, and the real
seed served as TRS, Hanweb (GB2312), VSB, GBK, DOCX and PDF documents.

Each site's expected outcome is written out by hand in EXPECTED below, not derived from the pages.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import FIXTURES
from tests.mockserver import MockServer

PORTAL = FIXTURES / "portal"
REAL = FIXTURES / "real"
NAV = """<div class="header"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwgk/zdgk/">法定主动公开内容</a></li><li><a href="/zwgk/ysqgk/">依申请公开</a></li>
<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li></ul></div>"""

# The report documents each portal holds, by (site, path below the server root). Anything else a
# crawl emits is extra; anything missing here was missed.
EXPECTED = {
    "trs-synthetic": {
        "trs_synthetic/zfxxgknb/202601/t20260116_1001.html",  # the report is the page
        "trs_synthetic/zfxxgknb/202401/P020240125389284828373.pdf",  # stub page -> real PDF
        "trs_synthetic/zfxxgknb/202001/t20200120_1006.html",  # 2019 generation
        "trs_synthetic/zfxxgknb/201204/t20120401_1007.html",  # legacy 2011 report, page 2
        "trs_synthetic/zfxxgknb/202602/P020260201512345678901.docx",  # truncated title -> stub -> DOCX
        "trs_synthetic/zfxxgknb/bm/202601/P020260118000000000001.pdf",  # in a sub-column
    },
    "hanweb-synthetic": {
        "hanweb_synthetic/art/2026/1/16/art_1229_5001.html",  # on the page's datastore
        "hanweb_synthetic/module/download/downfile.jsp?classid=0&filename=2401291234567.pdf",  # needs Referer
        "hanweb_synthetic/art/2026/1/20/art_1229_5008.html",  # first dataproxy group
        "hanweb_synthetic/art/2026/1/22/art_1229_5013.html",  # second dataproxy group
    },
    "vsb-synthetic": {
        "vsb_synthetic/info/1025/6001.htm",
        "vsb_synthetic/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=7001",
        "vsb_synthetic/info/1025/6003.htm",
    },
    "gbk-synthetic": {
        "gbk_synthetic/xxgk/nb/content_8001.htm",
        "gbk_synthetic/xxgk/nb/content_8003.htm",
        "gbk_synthetic/upload/2024/hongze_nb.pdf",  # shown in a pdf.js <iframe>
    },
    "blocked-synthetic": set(),
}
# Links that must fail, with the reason the summary gives.
EXPECTED_FAILURES = {
    "trs-synthetic": {"report: HTTP 404", "report: HTTP 500", "report: Forbidden by robots.txt"},
    "vsb-synthetic": {"extract: PDF is broken or truncated"},  # a broken attachment
    "gbk-synthetic": {"report: timeout"},  # a page that never answers in time
}

LETTER_TITLE = "关于2014年政府信息公开工作要点落实情况的函"


def build(root: Path) -> None:
    """Write every fixture portal under root."""
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /trs_synthetic/private/\n", "utf-8")
    build_trs(root / "trs_synthetic")
    build_hanweb(root / "hanweb_synthetic")
    build_vsb(root / "vsb_synthetic")
    build_gbk(root / "gbk_synthetic")


@contextmanager
def served(folder: Path) -> Iterator[tuple[MockServer, Path]]:
    """Build the portals in folder/portals, serve them on 127.0.0.1, and give the server and a
    registry file (folder/sites.toml) naming them."""
    root = folder / "portals"
    root.mkdir()
    build(root)
    with MockServer(root) as server:
        sites = folder / "sites.toml"
        sites.write_text(registry(server.base_url), "utf-8")
        yield server, sites


def registry(base_url: str) -> str:
    """A registry naming the fixture portals at base_url (the mock server), for `-a registry=`."""
    starts = {
        "trs-synthetic": ("trs", "trs_synthetic/zfxxgknb/"),
        "hanweb-synthetic": ("hanweb", "hanweb_synthetic/col/col1229/index.html"),
        "vsb-synthetic": ("vsb", "vsb_synthetic/xxgk/ndbg.htm"),
        "gbk-synthetic": ("generic", "gbk_synthetic/xxgk/nb/list.htm"),
        "blocked-synthetic": ("trs", "blocked_synthetic/zfxxgknb/"),
    }
    return "".join(
        f'[[site]]\nkey = "{key}"\nagency = "fixture portal {key}"\ncms = "{cms}"\n'
        f'start_urls = ["{base_url}/{path}"]\n\n'
        for key, (cms, path) in starts.items()
    )


# -- pages -------------------------------------------------------------------------------------

def write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def copy(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)


def items(entries: list[tuple[str, str, str]]) -> str:
    """List items as CMS templates write them: a link with a title attribute, and a date.

    A title marked with a leading "~" is shown cut short ("...") with no title attribute, as some
    templates do: only its page can tell whether it is a report.
    """
    lines = []
    for title, href, date in entries:
        shown, attr = title, f' title="{html.escape(title)}"'
        if title.startswith("~"):
            shown, attr = title[1:17] + "...", ""
        lines.append(f'<li><a href="{href}" target="_blank"{attr}>{html.escape(shown)}</a><span>{date}</span></li>')
    return "\n".join(lines)


def text_page(title: str, text: str, charset: str = "utf-8") -> str:
    """A report or letter published as an article page: its text, one paragraph a line."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<html><head><meta charset="{charset}"><meta name="ArticleTitle" content="{title}">
<title>{title}</title></head><body>{NAV}<h1>{title}</h1><div class="TRS_Editor">{body}</div></body></html>"""


def stub_page(title: str, attachment: str, label: str, charset: str = "utf-8") -> str:
    """A report page whose report is an attachment: one line of text and the link."""
    return f"""<html><head><meta charset="{charset}"><meta name="ArticleTitle" content="{title}">
<title>{title}</title></head><body>{NAV}<h1>{title}</h1>
<div class="TRS_Editor"><p>{title}全文详见附件。</p></div>
<div class="fj">附件：<a href="{attachment}">{label}</a></div>
<div class="fj">相关下载：<a href="/zwgk/sqb.doc">政府信息公开申请表.doc</a></div></body></html>"""


def build_trs(site: Path) -> None:
    col = site / "zfxxgknb"
    pages = [
        [("重庆市铜梁区公安局2025年政府信息公开工作年度报告", "./202601/t20260116_1001.html", "2026-01-16"),
         ("淮安市洪泽区人民政府2023年政府信息公开工作年度报告", "./202401/t20240125_1002.html", "2024-01-25"),
         (LETTER_TITLE, "./201412/t20141210_1003.html", "2014-12-10"),
         ("铜梁区人民政府2023年政府网站工作年度报表", "./202401/t20240110_1004.html", "2024-01-10"),
         ("重庆市铜梁区某镇2024年政府信息公开工作年度报告", "./202501/t20250120_1005.html", "2025-01-20"),
         ("外站2025年政府信息公开工作年度报告", "http://www.example.gov.cn/ndbg/t1.html", "2026-01-02")],
        [("平潭综合实验区2019年度政府信息公开工作年度报告", "./202001/t20200120_1006.html", "2020-01-20"),
         ("平潭县人民政府2011年政府信息公开工作年度报告", "./201204/t20120401_1007.html", "2012-04-01"),
         ("关于做好2024年政府信息公开工作年度报告编制发布工作的通知", "./202412/t20241201_1008.html", "2024-12-01"),
         ("重庆市铜梁区公安局2025年政府信息公开工作年度报告", "./202601/t20260116_1001.html", "2026-01-16")],
        [("~铜梁区某局2025年政府信息公开年度工作报告", "./202602/t20260201_1010.html", "2026-02-01"),
         ("某街道2024年政府信息公开工作年度报告", "/status/500/trs_synthetic/t1011.html", "2025-01-15"),
         ("图解：重庆市铜梁区公安局2025年政府信息公开工作年度报告", "./202601/t20260117_1012.html", "2026-01-17"),
         ("某局2024年政府信息公开工作年度报告", "../private/t20250101_1014.html", "2025-01-01")],
    ]
    for n, entries in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        write(col / name, trs_list("政府信息公开年报", items(entries), len(pages), n, subcolumn=n == 0))
    write(col / "bm" / "index.html", trs_list("部门年报", items(
        [("铜梁区教委2025年度政府信息公开工作年度报告", "./202601/t20260118_1013.html", "2026-01-18")]), 1, 0))
    copy(PORTAL / "trs_synthetic_tongliang_2025.html", col / "202601/t20260116_1001.html")
    write(col / "202401/t20240125_1002.html", stub_page(
        "淮安市洪泽区人民政府2023年政府信息公开工作年度报告", "./P020240125389284828373.pdf", "洪泽区2023年年报.pdf"))
    copy(REAL / "hongze_district_2023.pdf", col / "202401/P020240125389284828373.pdf")
    letter = (REAL / "pingtan_2014_letter_not_a_report.txt").read_text("utf-8")
    for path in ("201412/t20141210_1003.html", "202401/t20240110_1004.html", "202412/t20241201_1008.html",
                 "202601/t20260117_1012.html"):
        write(col / path, text_page(LETTER_TITLE, letter))
    copy(PORTAL / "pingtan_2019_reconstructed_synthetic.html", col / "202001/t20200120_1006.html")
    write(col / "201204/t20120401_1007.html", text_page(
        "平潭县人民政府2011年政府信息公开工作年度报告", (REAL / "pingtan_2011_legacy.txt").read_text("utf-8")))
    write(col / "202602/t20260201_1010.html", stub_page(
        "铜梁区某局2025年政府信息公开年度工作报告", "./P020260201512345678901.docx", "2025年年报.docx"))
    copy(PORTAL / "docx_synthetic_tongliang_2025.docx", col / "202602/P020260201512345678901.docx")
    write(col / "bm/202601/t20260118_1013.html", stub_page(
        "铜梁区教委2025年度政府信息公开工作年度报告", "./P020260118000000000001.pdf", "年度报告.pdf"))
    copy(PORTAL / "pdf_synthetic_tongliang_2025.pdf", col / "bm/202601/P020260118000000000001.pdf")
    copy(PORTAL / "trs_synthetic_tongliang_2025.html", site / "private/t20250101_1014.html")


def trs_list(column: str, entries: str, count: int, current: int, subcolumn: bool = False) -> str:
    side = '<div class="side"><a href="./bm/">部门年报</a></div>' if subcolumn else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{column}_铜梁区人民政府</title>
<meta name="ColumnName" content="{column}"></head><body>{NAV}{side}
<div class="zwgk-list"><ul>{entries}</ul>
<div class="page"><script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){{ /* writes the pager */ }}
createPageHTML({count}, {current}, "index", "html");
</script></div></div></body></html>"""


def build_hanweb(site: Path) -> None:
    """GB2312 pages; 6 records on the page, 14 in all: two more groups from dataproxy.jsp."""
    art = "/hanweb_synthetic/art"
    records = [
        ("重庆市铜梁区公安局2025年政府信息公开工作年度报告", f"{art}/2026/1/16/art_1229_5001.html", "2026-01-16"),
        (LETTER_TITLE, f"{art}/2014/12/10/art_1229_5002.html", "2014-12-10"),
        ("2025年政府网站工作年度报表", f"{art}/2026/1/10/art_1229_5003.html", "2026-01-10"),
        ("洪泽区人民政府2023年政府信息公开工作年度报告", f"{art}/2024/1/29/art_1229_5004.html", "2024-01-29"),
        ("关于印发2024年政务公开工作要点的通知", f"{art}/2024/3/1/art_1229_5005.html", "2024-03-01"),
        ("重庆市铜梁区公安局2025年政府信息公开工作年度报告", f"{art}/2026/1/16/art_1229_5001.html", "2026-01-16"),
        ("图解2024年政府信息公开工作年度报告", f"{art}/2025/1/21/art_1229_5007.html", "2025-01-21"),
        ("铜梁区公安局2025年政府信息公开工作年度报告（转载）", f"{art}/2026/1/20/art_1229_5008.html", "2026-01-20"),
        ("2024年政府网站工作年度报表", f"{art}/2025/1/10/art_1229_5009.html", "2025-01-10"),
        ("关于2023年政府信息公开工作年度报告的解读", f"{art}/2024/1/30/art_1229_5010.html", "2024-01-30"),
        ("2023年政府网站工作年度报表", f"{art}/2024/1/10/art_1229_5011.html", "2024-01-10"),
        ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", f"{art}/2023/12/1/art_1229_5012.html",
         "2023-12-01"),
        ("铜梁区公安局2025年度政府信息公开工作年度报告", f"{art}/2026/1/22/art_1229_5013.html", "2026-01-22"),
        ("2022年政府网站工作年度报表", f"{art}/2023/1/10/art_1229_5014.html", "2023-01-10"),
    ]
    rendered = [f"<![CDATA[{items([r])}]]>" for r in records]
    column = site / "col/col1229"
    write(column / "index.html", hanweb_list("".join(f"<record>{r}</record>\n" for r in rendered[:6]),
                                             len(records)), "gb18030")
    # dataproxy.jsp answers from this file, one record a line (see tests/mockserver.py)
    write(site / "module/web/jpage/records_1229.txt", "\n".join(rendered) + "\n")
    report = (PORTAL / "hanweb_gb2312_synthetic_tongliang_2025.html").read_bytes()
    for path in ("2026/1/16/art_1229_5001.html", "2026/1/20/art_1229_5008.html", "2026/1/22/art_1229_5013.html"):
        (site / "art" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "art" / path).write_bytes(report)
    write(site / "art/2024/1/29/art_1229_5004.html", stub_page(
        "洪泽区人民政府2023年政府信息公开工作年度报告",
        "/hanweb_synthetic/module/download/downfile.jsp?classid=0&filename=2401291234567.pdf",
        "洪泽区2023年报.pdf", "gb2312"), "gb18030")
    copy(REAL / "hongze_district_2023.pdf", site / "module/download/downfile/2401291234567.pdf")
    letter = text_page(LETTER_TITLE, (REAL / "pingtan_2014_letter_not_a_report.txt").read_text("utf-8"), "gb2312")
    for n in (2, 3, 5, 7, 9, 10, 11, 12, 14):
        record = records[n - 1][1].removeprefix("/hanweb_synthetic/")
        write(site / record, letter, "gb18030")


def hanweb_list(records: str, total: int) -> str:
    proxy = ("/hanweb_synthetic/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=3&amp;path=/"
             "&amp;columnid=1229&amp;unitid=4961321&amp;webname=%E9%93%9C%E6%A2%81&amp;permissiontype=0")
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政府信息公开年报</title></head><body>{NAV}
<div id="4961321"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>
<recordset>
{records}</recordset></datastore></script></div>
<script language="javascript" src="/hanweb_synthetic/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function(){{ new JPage({{unitid: 4961321, totalRecord: {total}, perPage: 2}}); }});</script>
</body></html>"""


def build_vsb(site: Path) -> None:
    """Three list pages, numbered in reverse: ndbg.htm, ndbg/2.htm, ndbg/1.htm."""
    xxgk = site / "xxgk"
    pages = {
        "ndbg.htm": ([("重庆市铜梁区公安局2025年政府信息公开工作年度报告", "../info/1025/6001.htm", "2026-01-16")],
                     None, "ndbg/2.htm"),
        "ndbg/2.htm": ([("铜梁区某局2025年政府信息公开工作年度报告", "../../info/1025/6002.htm", "2026-01-15"),
                        (LETTER_TITLE, "../../info/1025/6004.htm", "2014-12-10")], "../ndbg.htm", "1.htm"),
        "ndbg/1.htm": ([("铜梁区某镇2025年度政府信息公开工作年度报告", "../../info/1025/6003.htm", "2026-01-15"),
                        ("铜梁区某中心2024年政府信息公开工作年度报告", "../../info/1025/6005.htm", "2025-01-15")],
                       "2.htm", None),
    }
    for n, (name, (entries, prev, nxt)) in enumerate(pages.items(), 1):
        write(xxgk / name, vsb_list(items(entries), n, prev, nxt))
    copy(PORTAL / "vsb_divtables_synthetic_tongliang_2025.html", site / "info/1025/6001.htm")
    copy(PORTAL / "vsb_divtables_synthetic_tongliang_2025.html", site / "info/1025/6003.htm")
    write(site / "info/1025/6002.htm", stub_page(
        "铜梁区某局2025年政府信息公开工作年度报告",
        "/vsb_synthetic/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=7001",
        "附件【2025年年度报告.docx】"))
    # download.jsp serves download/<wbfileid> with the name in Content-Disposition only
    copy(PORTAL / "docx_synthetic_tongliang_2025.docx", site / "system/_content/download/7001")
    write(site / "system/_content/download/7001.name", "2025年年度报告.docx")
    write(site / "info/1025/6005.htm", stub_page(
        "铜梁区某中心2024年政府信息公开工作年度报告",
        "/vsb_synthetic/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=7002",
        "附件【2024年年度报告.pdf】"))
    copy(FIXTURES / "bad" / "hongze_district_2023_truncated.pdf", site / "system/_content/download/7002")
    write(site / "info/1025/6004.htm", text_page(LETTER_TITLE, (REAL / "pingtan_2014_letter_not_a_report.txt")
                                                 .read_text("utf-8")))


def vsb_list(entries: str, current: int, prev: str | None, nxt: str | None) -> str:
    def fun(cls: str, label: str, href: str | None) -> str:
        return f'<span class="{cls} p_fun"><a href="{href}">{label}</a></span>' if href else \
            f'<span class="{cls}_d p_fun_d">{label}</span>'
    first = "../ndbg.htm" if current > 1 else None
    pager = (fun("p_first", "首页", first) + fun("p_prev", "上页", prev)
             + f'<span class="p_no_d">{current}</span>' + fun("p_next", "下页", nxt)
             + fun("p_last", "尾页", None if current == 3 else ("1.htm" if current == 2 else "ndbg/1.htm")))
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>年度报告-铜梁区人民政府</title></head><body>{NAV}
<ul class="list">{entries}</ul>
<div class="pb_sys_common pb_sys_normal"><span class="p_pages">{pager}</span></div></body></html>"""


def build_gbk(site: Path) -> None:
    """A generic CMS: GBK pages with no charset anywhere, paged by a 下一页 link."""
    nb = site / "xxgk/nb"
    pages = [
        ("list.htm", [("重庆市铜梁区公安局2025年政府信息公开工作年度报告", "content_8001.htm", "2026-01-16")],
         "list_2.htm"),
        ("list_2.htm", [("2024年政府网站工作年度报表", "content_8002.htm", "2025-01-10"),
                        ("洪泽区2023年政府信息公开工作年度报告", "content_8005.htm", "2024-01-25")], "list_3.htm"),
        ("list_3.htm", [("铜梁区某街道2025年政府信息公开工作年度报告", "content_8003.htm", "2026-01-20"),
                        ("铜梁区某镇2025年政府信息公开工作年度报告", "/slow/5/gbk_synthetic/content_8004.htm",
                         "2026-01-21")], None),
    ]
    for name, entries, nxt in pages:
        pager = f'<a href="{nxt}">下一页</a>' if nxt else "<span>下一页</span>"
        write(nb / name, f"""<html><head><title>信息公开年报</title></head><body>{NAV}
<ul>{items(entries)}</ul><div class="pages"><a href="list.htm">首页</a> {pager}</div></body></html>""", "gbk")
    for name in ("content_8001.htm", "content_8003.htm"):
        copy(PORTAL / "gbk_nocharset_synthetic_tongliang_2025.html", nb / name)
    write(nb / "content_8002.htm", text_page(LETTER_TITLE, "本页为网站年度报表。"), "gbk")
    write(nb / "content_8005.htm", f"""<html><head><title>洪泽区2023年政府信息公开工作年度报告</title></head><body>{NAV}
<h1>洪泽区2023年政府信息公开工作年度报告</h1>
<iframe src="/pdfjs/web/viewer.html?file=/gbk_synthetic/upload/2024/hongze_nb.pdf" width="100%"></iframe>
</body></html>""", "gbk")
    copy(REAL / "hongze_district_2023.pdf", site / "upload/2024/hongze_nb.pdf")
