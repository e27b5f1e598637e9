"""schema.org descriptions (JSON-LD) of the data page (a ``Dataset``) and the document pages
(``Legislation``, or ``DigitalDocument`` for what is not normative).

Pages carry their JSON-LD in front matter with addresses relative to the page itself, so
that ``site_src/`` does not depend on where the site is served; the MkDocs plugin makes
them absolute with :func:`absolute` when ``site_url`` is known (``site/plugin.py``).
"""
from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from .. import __version__, config, dates
from ..model import Corpus, Document
from .escaping import url_path
from .observations import region_code

URL_KEYS = ("url", "contentUrl", "@id")
GBT_2260 = "GB/T 2260"  # the national standard of administrative division codes


@dataclass(frozen=True)
class Coverage:
    """What the data covers: the regions of the documents (label, GB/T 2260 code, page
    path), the years the documents and figures speak of, and the indicators measured."""

    regions: tuple[tuple[str, str | None, str], ...]
    years: tuple[int, int] | None
    indicators: tuple[tuple[str, str, str], ...]  # code, name, normalised unit


def coverage(corpus: Corpus) -> Coverage:
    from .pages.common import TAX, indicator_names, term_path  # the pages' own addresses

    regions = sorted({d.meta.region for d in corpus if d.meta.region})
    years = {y for d in corpus for y in [d.meta.issue_year()] + [i.year for i in d.indicators] if y}
    names = indicator_names()
    units: dict[str, dict[str, int]] = {}
    for d in corpus:
        for i in d.indicators:
            if i.indicator:
                u = units.setdefault(i.indicator, {})
                u[i.unit_normalized] = u.get(i.unit_normalized, 0) + 1
    measured = tuple((code, names.get(code, code), max(u, key=lambda k: (u[k], k)))
                     for code, u in sorted(units.items()))
    return Coverage(tuple((r, region_code(r), term_path(TAX["region"], r)) for r in regions),
                    (min(years), max(years)) if years else None, measured)


def page_root(path: str) -> str:
    """The site's root relative to the address MkDocs gives ``path`` (``documents/x.md``
    is served as ``documents/x/``: ``../../``)."""
    stem = path[:-3] if path.endswith(".md") else path
    parts = stem.split("/")
    if parts[-1] in ("index", "README"):
        parts = parts[:-1]
    return "../" * len(parts) if parts and parts != [""] else "./"


def page_address(path: str) -> str:
    """The address of a page of ``site_src`` (relative to the root, directory style)."""
    head, _, name = path[:-3].rpartition("/")
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{head}/{name}/" if head else f"{name}/"


def absolute(ld, base: str | None):
    """``ld`` with the relative references of :data:`URL_KEYS` resolved against ``base``
    (the page's absolute address); unchanged without one."""
    if not base:
        return ld
    if isinstance(ld, list):
        return [absolute(x, base) for x in ld]
    if not isinstance(ld, dict):
        return ld
    out = {}
    for k, v in ld.items():
        if k in URL_KEYS and isinstance(v, str):
            out[k] = urllib.parse.urljoin(base, v)
        elif k in URL_KEYS and isinstance(v, list):
            out[k] = [urllib.parse.urljoin(base, x) if isinstance(x, str) else x for x in v]
        else:
            out[k] = absolute(v, base)
    return out


def organization(pub: config.Publisher) -> dict:
    org = {"@type": "Organization", "name": pub.name}
    if pub.url:
        org["url"] = pub.url
    if pub.email:
        org["email"] = pub.email
    return org


def area(label: str, code: str | None, url: str | None = None) -> dict:
    place = {"@type": "AdministrativeArea", "name": label}
    if code:
        place["identifier"] = {"@type": "PropertyValue", "propertyID": GBT_2260, "value": code}
    if url:
        place["url"] = url
    return place


def size(n: int) -> str:
    """schema.org contentSize: the exact size in bytes."""
    return f"{n} B"


def dataset(package_tables, files: dict[str, str | bytes], site: config.Site, cov: Coverage, epoch: int) -> dict:
    """schema.org Dataset of the data page (``data/index.md``), with Google's recommended properties."""
    from .datapackage import DESCRIPTION, KEYWORDS, LICENSE, PACKAGE_NAME, TITLE_EN, TITLE_ZH, ZIP_NAME

    def download(name: str, description: str, media_type: str) -> dict:
        d = {"@type": "DataDownload", "name": name, "description": description, "encodingFormat": media_type,
             "contentUrl": url_path(name)}
        if name in files:
            data = files[name]
            d["contentSize"] = size(len(data.encode("utf-8") if isinstance(data, str) else data))
        return d

    dist = [download(f"{t.name}.csv", t.description, "text/csv") for t in package_tables]
    dist.append(download("datapackage.json", "Frictionless Data Package descriptor (tabular-data-package)",
                         "application/json"))
    dist.append(download(ZIP_NAME, "the whole package as a zip", "application/zip"))
    root = page_root("data/index.md")
    ld = {
        "@context": "https://schema.org", "@type": "Dataset", "@id": "./#dataset",
        "name": TITLE_ZH, "alternateName": [PACKAGE_NAME, TITLE_EN],
        "description": DESCRIPTION, "identifier": PACKAGE_NAME, "url": "./",
        "license": LICENSE["path"], "isAccessibleForFree": True, "inLanguage": "zh-CN", "keywords": KEYWORDS,
        "creator": organization(site.publisher), "publisher": organization(site.publisher),
        "version": __version__, "dateModified": dates.stamp(epoch),
        "includedInDataCatalog": {"@type": "DataCatalog", "name": site.name, "url": root},
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": root},
    }
    if cov.regions:
        ld["spatialCoverage"] = [area(label, code, root + url_path(page_address(path)))
                                 for label, code, path in cov.regions]
    if cov.years:
        first, last = cov.years
        ld["temporalCoverage"] = str(first) if first == last else f"{first}/{last}"
    if cov.indicators:
        ld["variableMeasured"] = [{"@type": "PropertyValue", "propertyID": code, "name": name, "unitText": unit,
                                   "url": root + url_path(page_address(f"indicators/{code}.md"))}
                                  for code, name, unit in cov.indicators]
    ld["distribution"] = dist
    return ld


def normative_types() -> tuple[str, ...]:
    return tuple(config.load("doc_types").get("normative") or ())


def document(doc: Document, corpus: Corpus, site: config.Site, path: str) -> dict:
    """schema.org description of a document page: ``Legislation`` for a normative genre
    (``doc_types.yml`` ``normative``), else ``DigitalDocument`` (schema.org has no type of a
    government document that binds no one: a reply to a proposal, a 解读)."""
    from .pages.common import description, doc_path, policy_path

    m = doc.meta
    root = page_root(path)
    date = m.date or (str(m.issue_year()) if m.issue_year() else None)  # the year of its 发文字号 at least
    legislation = m.doc_type in normative_types()
    ld = {"@context": "https://schema.org", "@type": "Legislation" if legislation else "DigitalDocument",
          "name": doc.display_title, "headline": doc.display_title[:110], "inLanguage": "zh-CN", "genre": m.doc_type,
          "isAccessibleForFree": True, "description": description(doc), "url": "./",
          "isPartOf": {"@type": "WebSite", "name": site.name, "url": root}}
    issuer = {"@type": "GovernmentOrganization", "name": m.agency} if m.agency else None
    place = area(m.region, region_code(m.region)) if m.region else None
    if legislation:
        ld["legislationType"] = m.doc_type
        if m.doc_number:
            ld["legislationIdentifier"] = m.doc_number
        if issuer:
            ld["legislationPassedBy"] = issuer
        if place:
            ld["legislationJurisdiction"] = place
        if date:
            ld["legislationDate"] = date
    if m.doc_number:
        ld["identifier"] = m.doc_number
    if date:
        ld["dateCreated"] = date
    if m.published or m.date:
        ld["datePublished"] = m.published or m.date
    if issuer:
        ld["author"] = issuer
        ld["publisher"] = issuer
    if place:
        ld["spatialCoverage"] = place
    if m.topics:
        ld["keywords"] = list(m.topics)
    cited = []
    for tid in dict.fromkeys(c.target_id for c in doc.citations if c.target_id):
        t = corpus.targets[tid]
        if t.document_id == doc.id:
            continue
        target = doc_path(t.document_id) if t.document_id else policy_path(t)
        work = {"@type": "CreativeWork", "name": t.title or t.doc_number,
                "url": root + url_path(page_address(target))}
        if t.doc_number:
            work["identifier"] = t.doc_number
        cited.append(work)
    if cited:
        ld["citation"] = cited
    return ld
