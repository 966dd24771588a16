"""Derive registry entries from ../shared/portals/real_report_urls.tsv (real report pages).

Each row is one real report page; its column (the list the spider starts from) is derived from the
URL's CMS pattern: TRS `/<column>/YYYYMM/tYYYYMMDD_<id>.html` -> `/<column>/`, Hanweb
`/art/Y/M/D/art_<col>_<id>.html` -> `/col/col<col>/index.html`, otherwise the page's folder.
Rows whose column cannot be derived (VSB /info/<tree>/<id>.htm, query-string pages) are skipped.
Prints TOML to paste into crawler/sites.toml after review; the derived URLs are unverified.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

TSV = Path(__file__).resolve().parents[2] / "shared" / "portals" / "real_report_urls.tsv"
TRS = re.compile(r"^(.*/)\d{6}/t\d{8}_\d+(?:_wap)?\.s?html?$")
# Folders that hold the articles rather than list them: .../content/, .../art/2024/, .../2023-01-25/
ARTICLE_FOLDER = re.compile(r"(?:content|\d{6}|art/\d{4}|\d{4}-\d{2}(?:-\d{2})?|\d{8}|\d{4}-\d{2}/\d{2}|ct)/$")
HANWEB = re.compile(r"^(https?://[^/]+)/art/\d{4}/\d+/\d+/art_(\d+)_\d+\.html$")


def column(url: str) -> tuple[str, str] | None:
    if m := TRS.match(url):
        return m.group(1), "trs"
    if m := HANWEB.match(url):
        return f"{m.group(1)}/col/col{m.group(2)}/index.html", "hanweb"
    parts = urlsplit(url)
    if parts.query or "/info/" in parts.path or parts.path.count("/") < 2:
        return None
    folder = url.rsplit("/", 1)[0] + "/"
    while ARTICLE_FOLDER.search(folder):
        folder = ARTICLE_FOLDER.sub("", folder)
    return folder, None


def key(url: str, seen: set[str]) -> str:
    host = urlsplit(url).hostname or ""
    base = re.sub(r"^(www|xxgk|zwgk)\.|\.gov\.cn$|\.cn$", "", host).replace(".", "-")
    name, n = base, 2
    while name in seen:
        name, n = f"{base}-{n}", n + 1
    seen.add(name)
    return name


def main() -> None:
    seen: set[str] = set()
    columns: set[str] = set()
    for row in csv.DictReader(TSV.open(encoding="utf-8"), delimiter="\t"):
        derived = column(row["url"])
        if not derived or derived[0] in columns:
            continue
        columns.add(derived[0])
        start, cms = derived
        print("[[site]]")
        print(f'key = "{key(start, seen)}"')
        print(f'agency = "{row["agency"]}"')
        print(f'start_urls = ["{start}"]')
        if cms:
            print(f'cms = "{cms}"')
        print(f'notes = "unverified: column derived from the {row["report_year"]} report {row["url"]}"')
        print()


if __name__ == "__main__":
    sys.exit(main())
