"""Make the portal-style fixtures from the real seed report 000 (重庆市铜梁区公安局 2025).

The text and every number come from the real report (its reviewed record in tests/expected/);
the page markup is ours, modelled on real TRS, Hanweb and VSB pages, so every file says
`synthetic` in its name. Run from the repository root:

    .venv/bin/pip install reportlab && .venv/bin/python scripts/make_fixtures.py
"""

from __future__ import annotations

import html
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "portal"
SEED = ROOT / "tests" / "fixtures" / "real" / "seed_000_tongliang_police_2025.txt"
RECORD = json.loads((ROOT / "tests" / "expected" / "seed_000_tongliang_police_2025.json").read_text("utf-8"))
TABLES = RECORD["tables"]

REQUEST_LAYOUT = [  # (group label or None, row label, key)
    (None, "一、本年新收政府信息公开申请数量", "received"),
    (None, "二、上年结转政府信息公开申请数量", "carried_over"),
    ("", "（一）予以公开", "disclosed"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_disclosed"),
    ("（三）不予公开", "1.属于国家秘密", "withheld_state_secret"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
    ("（三）不予公开", "3.危及“三安全一稳定”", "withheld_security_stability"),
    ("（三）不予公开", "4.保护第三方合法权益", "withheld_third_party"),
    ("（三）不予公开", "5.属于三类内部事务信息", "withheld_internal_affairs"),
    ("（三）不予公开", "6.属于四类过程性信息", "withheld_process_information"),
    ("（三）不予公开", "7.属于行政执法案卷", "withheld_enforcement_file"),
    ("（三）不予公开", "8.属于行政查询事项", "withheld_inquiry"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unavailable_not_held"),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "unavailable_needs_creation"),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "unavailable_unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "rejected_complaint"),
    ("（五）不予处理", "2.重复申请", "rejected_duplicate"),
    ("（五）不予处理", "3.要求提供公开出版物", "rejected_publication"),
    ("（五）不予处理", "4.无正当理由大量反复申请", "rejected_excessive"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "rejected_confirmation"),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_fee_unpaid"),
    ("（六）其他处理", "3.其他", "other_other"),
    ("", "（七）总计", "total_processed"),
    (None, "四、结转下年度继续办理", "carried_forward"),
]
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
PROACTIVE_LAYOUT = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", "regulations"), ("行政规范性文件", "normative_documents")]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "licensing")]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "punishment"), ("行政强制", "coercion")]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees")]),
]
REVIEW_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def seed_parts() -> dict[str, list[str]]:
    """The seed's prose, split at the table sections: intro+1, 2 head, 3 head, 4 head, 5+6."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    start = lines.index("重庆市铜梁区公安局")
    i2 = lines.index("二、主动公开政府信息情况")
    i3 = lines.index("三、收到和处理政府信息公开申请情况")
    i4 = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    i5 = lines.index("五、存在的主要问题及改进情况")
    end = lines.index("扫一扫在手机打开当前页")
    return {"head": lines[start:i2], "tail": lines[i5:end], "h2": [lines[i2]], "h3": [lines[i3]],
            "h4": [lines[i4]]}


def td(text: object, **attrs: int) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if v != 1)
    return f"<td{extra}>{html.escape('' if text is None else str(text))}</td>"


def proactive_html() -> str:
    rows = []
    for block, headers, items in PROACTIVE_LAYOUT:
        rows.append(f"<tr>{td(block, colspan=4)}</tr>")
        span = 4 - len(headers)
        rows.append("<tr>" + td("信息内容") + "".join(td(h, colspan=span if len(headers) == 1 else 1)
                                                   for h in headers) + "</tr>")
        for label, key in items:
            values = list(TABLES["proactive"][key].values())
            rows.append("<tr>" + td(label) + "".join(td(v, colspan=span if len(values) == 1 else 1)
                                                   for v in values) + "</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def requests_html() -> str:
    rows = [
        "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
        + td("申请人情况", colspan=7) + "</tr>",
        "<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>",
        "<tr>" + "".join(td(h) for h in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]) + "</tr>",
    ]
    groups_done: set[str] = set()
    outcome_rows = sum(1 for g, _, _ in REQUEST_LAYOUT if g is not None)
    for group, label, key in REQUEST_LAYOUT:
        values = "".join(td(TABLES["requests"][key][c]) for c in COLUMNS)
        cells = ""
        if group is not None and "三" not in groups_done:
            cells += td("三、本年度办理结果", rowspan=outcome_rows)
            groups_done.add("三")
        if group is None:
            cells += td(label, colspan=3)
        elif group == "":
            cells += td(label, colspan=2)
        else:
            if group not in groups_done:
                cells += td(group, rowspan=sum(1 for g, _, _ in REQUEST_LAYOUT if g == group))
                groups_done.add(group)
            cells += td(label)
        rows.append(f"<tr>{cells}{values}</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def review_html() -> str:
    review = TABLES["review_litigation"]
    values = [v for group in review.values() for v in group.values()]
    rows = [
        "<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>",
        "<tr>" + "".join(td(h, rowspan=2) for h in REVIEW_HEAD) + td("未经复议直接起诉", colspan=5)
        + td("复议后起诉", colspan=5) + "</tr>",
        "<tr>" + "".join(td(h) for h in REVIEW_HEAD * 2) + "</tr>",
        "<tr>" + "".join(td(v) for v in values) + "</tr>",
    ]
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def paragraphs(lines: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)


def article_body(tables: tuple[str, str, str]) -> str:
    parts = seed_parts()
    return "\n".join([
        paragraphs(parts["head"]), paragraphs(parts["h2"]), tables[0], paragraphs(parts["h3"]), tables[1],
        paragraphs(parts["h4"]), tables[2], paragraphs(parts["tail"]),
    ])


TITLE = RECORD["title"]
CHROME_TOP = """<div class="header"><div class="nav"><ul><li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="../">政府信息公开年报</a></div>"""
CHROME_BOTTOM = """<div class="bdshare">分享到：微信 微博 QQ空间</div>
<div class="footer"><p>主办：重庆市铜梁区人民政府办公室 网站标识码：5001510001 渝ICP备05003300号</p>
<p>扫一扫在手机打开当前页 智能问答 政策问答 政策文件 政策解读 便民地图</p></div>"""


def trs_page() -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="SiteName" content="重庆市铜梁区人民政府"><meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2026-01-16 10:23">
<meta name="ContentSource" content="重庆市铜梁区公安局">
<title>{TITLE}_重庆市铜梁区人民政府</title>
<script>var _hmt = _hmt || [];</script></head><body>
{CHROME_TOP}
<div class="zwxl-article"><h1>{TITLE}</h1>
<table class="xxgk-info"><tr><td>索引号：</td><td>11500224MB1666666X/2026-00001</td><td>发布机构：</td>
<td>重庆市铜梁区公安局</td></tr><tr><td>发布日期：</td><td>2026-01-16</td><td>生成日期：</td><td>2026-01-16</td></tr></table>
<div class="view TRS_UEDITOR trs_paper_default trs_web">
{article_body((proactive_html(), requests_html(), review_html()))}
</div></div>
{CHROME_BOTTOM}
<script>createPageHTML(1, 0, "index", "html");</script></body></html>"""


def hanweb_page(charset_meta: bool) -> str:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' if charset_meta else ""
    return f"""<html><head>{meta}
<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2026-01-16">
<meta name="ContentSource" content="重庆市铜梁区公安局">
<title>{TITLE}</title></head><body>
{CHROME_TOP}
<table width="100%"><tr><td class="title">{TITLE}</td></tr>
<tr><td>发布日期：2026-01-16 信息来源：重庆市铜梁区公安局 浏览次数：<span id="c">128</span></td></tr>
<tr><td><div id="zoom">
{article_body((proactive_html(), requests_html(), review_html()))}
</div></td></tr></table>
{CHROME_BOTTOM}</body></html>"""


def div_table(table_html: str) -> str:
    """The same table written with <div>s, as some CMS templates do (no <table> for our parser)."""
    return (table_html.replace("<table", '<div class="table"').replace("</table>", "</div>")
            .replace("<tr>", '<div class="tr">').replace("</tr>", "</div>")
            .replace("<td", '<div class="td"').replace("</td>", "</div>"))


def vsb_div_page() -> str:
    tables = tuple(div_table(t) for t in (proactive_html(), requests_html(), review_html()))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}-重庆市铜梁区人民政府</title></head>
<body>{CHROME_TOP}<form name="_newscontent_fromname"><h1>{TITLE}</h1>
<div class="info">发布时间：2026-01-16 来源：重庆市铜梁区公安局</div>
<div id="vsb_content"><div class="v_news_content">
{article_body(tables)}
</div></div></form>{CHROME_BOTTOM}</body></html>"""


def docx_file(path: Path) -> None:
    import docx

    document = docx.Document()
    parts = seed_parts()
    for line in parts["head"]:
        document.add_paragraph(line)

    def table(rows: list[list[object]]) -> None:
        width = max(len(r) for r in rows)
        t = document.add_table(rows=len(rows), cols=width)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                t.cell(r, c).text = "" if value is None else str(value)

    document.add_paragraph(parts["h2"][0])
    proactive = []
    for block, headers, items in PROACTIVE_LAYOUT:
        proactive += [[block, "", "", ""], ["信息内容", *headers]]
        proactive += [[label, *TABLES["proactive"][key].values()] for label, key in items]
    table(proactive)
    document.add_paragraph(parts["h3"][0])
    requests = [["申请人情况", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    requests += [[group or "", label, *(TABLES["requests"][key][c] for c in COLUMNS)]
                 for group, label, key in REQUEST_LAYOUT]
    table(requests)
    document.add_paragraph(parts["h4"][0])
    review = TABLES["review_litigation"]
    table([["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9, REVIEW_HEAD * 3,
           [v for group in review.values() for v in group.values()]])
    for line in parts["tail"]:
        document.add_paragraph(line)
    document.save(path)


def pdf_file(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    parts = seed_parts()
    story: list = [Paragraph(html.escape(line), body) for line in parts["head"]]

    def table(rows: list[list[object]], widths: list[float] | None = None) -> Table:
        data = [[Paragraph(html.escape("" if v is None else str(v)), cell) for v in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=0)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        return t

    story.append(Paragraph(parts["h2"][0], body))
    proactive = []
    for block, headers, items in PROACTIVE_LAYOUT:
        proactive += [[block, "", "", ""], ["信息内容", *headers, *[""] * (3 - len(headers))]]
        proactive += [[label, *TABLES["proactive"][key].values(), *[""] * (3 - len(TABLES["proactive"][key]))]
                      for label, key in items]
    story.append(table(proactive))
    story.append(Paragraph(parts["h3"][0], body))
    requests = [["申请人情况", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    requests += [[group or "", label, *(TABLES["requests"][key][c] for c in COLUMNS)]
                 for group, label, key in REQUEST_LAYOUT]
    story.append(table(requests, [50, 150] + [38] * 7))
    story.append(Paragraph(parts["h4"][0], body))
    review = TABLES["review_litigation"]
    story.append(table([["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9, REVIEW_HEAD * 3,
                        [v for group in review.values() for v in group.values()]], [32] * 15))
    story += [Paragraph(html.escape(line), body) for line in parts["tail"]]
    SimpleDocTemplate(str(path), pagesize=A4, title=TITLE).build(story)


# 平潭综合实验区 2019 report (2019 generation). Its archived text runs the cells' digits together
# ('规范性文件898989'); these are the cells as we split them by hand, checked by the table's own rules.
PINGTAN_2019_PROACTIVE = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", ["0", "0", "0"]), ("规范性文件", ["89", "89", "89"])]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", ["396", "0", "181"]), ("其他对外管理服务事项", ["10", "0", "153"])]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", ["2648", "-185", "430"]), ("行政强制", ["126", "0", "25"])]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", ["35", "-1"])]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", ["135", "75394432.52元"])]),
]
PINGTAN_2019_REQUESTS = {
    "received": [23, 0, 0, 0, 0, 0, 23], "disclosed": [7, 0, 0, 0, 0, 0, 7],
    "partially_disclosed": [1, 0, 0, 0, 0, 0, 1], "unavailable_not_held": [7, 0, 0, 0, 0, 0, 7],
    "unavailable_unclear": [5, 0, 0, 0, 0, 0, 5], "rejected_duplicate": [3, 0, 0, 0, 0, 0, 3],
    "total_processed": [23, 0, 0, 0, 0, 0, 23],
}


def pingtan_2019_page() -> str:
    rows = []
    for block, headers, items in PINGTAN_2019_PROACTIVE:
        rows.append(f"<tr>{td(block, colspan=4)}</tr>")
        rows.append("<tr>" + td("信息内容") + "".join(td(h) for h in headers) + "</tr>")
        rows += ["<tr>" + td(label) + "".join(td(v) for v in values) + "</tr>" for label, values in items]
    proactive = '<table border="1">' + "".join(rows) + "</table>"
    layout = [r for r in REQUEST_LAYOUT if not r[2].startswith("other_")]
    layout.insert(-2, ("", "（六）其他处理", "other"))
    rows = ["<tr>" + td("申请人情况", colspan=3) + "".join(td(h) for h in [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]) + "</tr>"]
    for group, label, key in layout:
        values = PINGTAN_2019_REQUESTS.get(key, [0] * 7)
        head = td(label, colspan=3) if group is None else td("三、本年度办理结果") + (
            td(label, colspan=2) if not group else td(group) + td(label))
        rows.append("<tr>" + head + "".join(td(v) for v in values) + "</tr>")
    requests = '<table border="1">' + "".join(rows) + "</table>"
    review = ('<table border="1"><tr>' + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr><tr>"
              + "".join(td(h) for h in REVIEW_HEAD * 3) + "</tr><tr>" + "".join(td(0) for _ in range(15))
              + "</tr></table>")
    title = "平潭综合实验区2019年度政府信息公开工作年度报告"
    return f"""<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2020-01-20 10:00"><meta name="ContentSource" content="平潭综合实验区管委会办公室">
<title>{title}</title></head><body>{CHROME_TOP}<div class="TRS_Editor">
<p>本报告所列数据统计期限为2019年1月1日至2019年12月31日。</p>
<p>一、总体情况</p><p>2019年，平潭综合实验区认真贯彻落实《中华人民共和国政府信息公开条例》。</p>
<p>二、主动公开政府信息情况</p>{proactive}<p>三、收到和处理政府信息公开申请情况</p>{requests}
<p>四、政府信息公开行政复议、行政诉讼情况</p>{review}
<p>五、存在的主要问题及改进情况</p><p>2019年，我区政府信息公开工作取得了明显进展，但仍存在一些不足和薄弱环节。</p>
<p>六、其他需要报告的事项</p><p>无。</p></div>{CHROME_BOTTOM}</body></html>"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "trs_synthetic_tongliang_2025.html").write_text(trs_page(), "utf-8")
    (OUT / "hanweb_gb2312_synthetic_tongliang_2025.html").write_bytes(hanweb_page(True).encode("gb18030"))
    (OUT / "gbk_nocharset_synthetic_tongliang_2025.html").write_bytes(hanweb_page(False).encode("gbk"))
    (OUT / "vsb_divtables_synthetic_tongliang_2025.html").write_text(vsb_div_page(), "utf-8")
    (OUT / "pingtan_2019_reconstructed_synthetic.html").write_text(pingtan_2019_page(), "utf-8")
    docx_file(OUT / "docx_synthetic_tongliang_2025.docx")
    pdf_file(OUT / "pdf_synthetic_tongliang_2025.pdf")
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(ROOT), path.stat().st_size)


if __name__ == "__main__":
    main()
