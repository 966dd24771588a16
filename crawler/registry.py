"""The site registry: the portals to crawl, read from a TOML file (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

CMS_FAMILIES = ("trs", "hanweb", "vsb", "generic")


class RegistryError(ValueError):
    """The registry file, or a selection from it, is not usable; the message says why."""


@dataclass(frozen=True)
class Site:
    key: str
    agency: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...] = ()
    cms: str | None = None  # a hint; without it the list page's markup decides
    notes: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains this site may be crawled on: the registry's list, else its start URLs' sites.

        A portal's reports often sit on a sibling host (www.x.gov.cn lists, xxgk.x.gov.cn serves), so
        a *.gov.cn host stands for its whole x.gov.cn; any other host only for itself.
        """
        if self.allowed_domains:
            return self.allowed_domains
        return tuple(dict.fromkeys(_site_domain(urlsplit(u).hostname or "") for u in self.start_urls))


def _site_domain(host: str) -> str:
    labels = host.split(".")
    if host.endswith(".gov.cn") and len(labels) > 3:
        return ".".join(labels[-3:])
    return host


def load_registry(path: str | Path | None = None) -> dict[str, Site]:
    """Read and check a registry file (default: the packaged crawler/sites.toml)."""
    try:
        if path is None:  # read as package data, so it also works from a scrapyd egg
            path = "crawler/sites.toml"
            text = resources.files("crawler").joinpath("sites.toml").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError as exc:
        raise RegistryError(f"site registry {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"site registry {path} is not valid TOML: {exc}") from exc
    sites: dict[str, Site] = {}
    for n, entry in enumerate(data.get("site", []), 1):
        site = _site(entry, f"{path} site #{n}")
        if site.key in sites:
            raise RegistryError(f"{path}: site key {site.key!r} appears twice")
        sites[site.key] = site
    return sites


def _site(entry: dict, where: str) -> Site:
    missing = [k for k in ("key", "agency", "start_urls") if not entry.get(k)]
    if missing:
        raise RegistryError(f"{where}: missing {', '.join(missing)}")
    urls = entry["start_urls"]
    if isinstance(urls, str):
        urls = [urls]
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if bad:
        raise RegistryError(f"{where} ({entry['key']}): not an http(s) URL: {bad[0]}")
    cms = entry.get("cms")
    if cms is not None and cms not in CMS_FAMILIES:
        raise RegistryError(f"{where} ({entry['key']}): cms must be one of {', '.join(CMS_FAMILIES)}, not {cms!r}")
    known = {"key", "agency", "start_urls", "allowed_domains", "cms", "notes"}
    return Site(
        key=str(entry["key"]), agency=str(entry["agency"]), start_urls=tuple(urls),
        allowed_domains=tuple(entry.get("allowed_domains", ())), cms=cms, notes=entry.get("notes", ""),
        extra={k: v for k, v in entry.items() if k not in known},
    )


def select_sites(registry: dict[str, Site], keys: str | None) -> list[Site]:
    """`-a site=KEY[,KEY]`: those sites, in that order; no keys means every site."""
    if not keys:
        return list(registry.values())
    wanted = [k.strip() for k in keys.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in registry]
    if unknown:
        raise RegistryError(f"unknown site key(s): {', '.join(unknown)} (see the registry for the keys)")
    return [registry[k] for k in wanted]


def adhoc_site(url: str) -> Site:
    """`-a url=URL`: a start page that is not in the registry, crawled as its own site."""
    host = urlsplit(url).hostname
    if urlsplit(url).scheme not in ("http", "https") or not host:
        raise RegistryError(f"-a url needs an http(s) URL, not {url!r}")
    return Site(key=host, agency="", start_urls=(url,))
