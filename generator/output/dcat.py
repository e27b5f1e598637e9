"""The DCAT-AP 3 catalogue of the data package (``catalog.jsonld``), made from the model.

One ``dcat:Catalog`` holding one ``dcat:Dataset`` (the package) with a ``dcat:Distribution``
per file, each with the mandatory and recommended properties of DCAT-AP 3 that apply:
titles and descriptions in Chinese and English, the publisher of the site configuration,
issued/modified from the build's date (``SOURCE_DATE_EPOCH``), the regions as
``dct:Location`` with their GB/T 2260 codes, the years covered, keywords, EU data themes,
access and download URLs, EU file types, IANA media types, the licence, byte sizes and
SHA-256 checksums. Every address is an IRI (``{"@id": …}``): absolute when the site's
address is known, else relative to the catalogue itself (JSON-LD resolves them against
the address it is read from).
"""
from __future__ import annotations

import hashlib

from .. import __version__, config, dates
from .escaping import json_text, url_path
from .jsonld import Coverage, page_address

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcatap": "http://data.europa.eu/r5r/",
}
EU = "http://publications.europa.eu/resource/authority/"
THEMES = ("GOVE", "TECH")  # government and public sector; science and technology
FILE_TYPES = {"text/csv": "CSV", "application/json": "JSON", "application/zip": "ZIP"}
PROFILES = {"text/csv": "https://specs.frictionlessdata.io/tabular-data-resource/",
            "application/json": "https://specs.frictionlessdata.io/tabular-data-package/"}


def iri(value: str) -> dict:
    return {"@id": value}


def text(zh: str, en: str | None = None) -> list[dict]:
    out = [{"@value": zh, "@language": "zh"}]
    if en:
        out.append({"@value": en, "@language": "en"})
    return out


def when(epoch: int) -> dict:
    return {"@value": dates.stamp(epoch), "@type": "xsd:dateTime"}


def agent(pub: config.Publisher, base: str) -> dict:
    node = {"@id": pub.url or f"{base}about/#publisher", "@type": ["foaf:Agent", "foaf:Organization"],
            "foaf:name": pub.name}
    if pub.url:
        node["foaf:homepage"] = iri(pub.url)
    if pub.email:
        node["foaf:mbox"] = iri(f"mailto:{pub.email}")
    return node


def contact(pub: config.Publisher) -> dict | None:
    """A vCard of whom to write about the data, when the publisher gave a way to reach them."""
    if not (pub.email or pub.report_url or pub.url):
        return None
    card = {"@type": "vcard:Organization", "vcard:fn": pub.name}
    if pub.email:
        card["vcard:hasEmail"] = iri(f"mailto:{pub.email}")
    if pub.report_url or pub.url:
        card["vcard:hasURL"] = iri(pub.report_url or pub.url)
    return card


def locations(cov: Coverage, base: str) -> list[dict]:
    return [{"@id": f"{base}{url_path(page_address(path))}", "@type": "dct:Location",
             "skos:prefLabel": {"@value": label, "@language": "zh"},
             **({"dct:identifier": code, "skos:notation": code} if code else {})}
            for label, code, path in cov.regions]


def period(cov: Coverage) -> dict | None:
    if not cov.years:
        return None
    first, last = cov.years
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": {"@value": str(first), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(last), "@type": "xsd:gYear"}}


def distribution(name: str, title: str, description: str, media_type: str, data: bytes, base: str,
                 epoch: int, licence: dict, availability: str) -> dict:
    node = {
        "@id": f"{base}data/#distribution-{name}", "@type": "dcat:Distribution",
        "dct:title": name if title == name else text(title, name), "dct:description": text(*description.split(" / ", 1)),
        "dcat:accessURL": iri(f"{base}data/"), "dcat:downloadURL": iri(f"{base}data/{url_path(name)}"),
        "dct:format": iri(f"{EU}file-type/{FILE_TYPES[media_type]}"),
        "dcat:mediaType": iri(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:license": licence, "dcatap:availability": iri(f"{EU}planned-availability/{availability}"),
        "dct:issued": when(epoch), "dct:modified": when(epoch),
        "dcat:byteSize": {"@value": str(len(data)), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": iri("spdx:checksumAlgorithm_sha256"),
                          "spdx:checksumValue": {"@value": hashlib.sha256(data).hexdigest(), "@type": "xsd:hexBinary"}},
    }
    if media_type in PROFILES:
        node["dct:conformsTo"] = iri(PROFILES[media_type])
    return node


def catalog(tables, files: dict[str, str | bytes], site: config.Site, cov: Coverage, epoch: int) -> str:
    """The ``catalog.jsonld`` text."""
    from .datapackage import (DESCRIPTION_EN, DESCRIPTION_ZH, KEYWORDS, LICENSE, PACKAGE_NAME, TITLE_EN, TITLE_ZH,
                              ZIP_NAME)

    base = site.url
    raw = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}
    licence = {"@id": LICENSE["path"], "@type": "dct:LicenseDocument", "dct:title": LICENSE["title"]}
    availability = "EXPERIMENTAL" if site.publisher.demonstration else "AVAILABLE"
    publisher = agent(site.publisher, base)
    dists = [distribution(f"{t.name}.csv", t.title, t.description, "text/csv", raw[f"{t.name}.csv"], base, epoch,
                          licence, availability) for t in tables]
    dists.append(distribution("datapackage.json", "datapackage.json",
                              "Frictionless Data Package descriptor (profile tabular-data-package)",
                              "application/json", raw["datapackage.json"], base, epoch, licence, availability))
    dists.append(distribution(ZIP_NAME, ZIP_NAME, "以上全部文件的压缩包 / the whole package as a zip", "application/zip",
                              raw[ZIP_NAME], base, epoch, licence, availability))
    spatial, temporal = locations(cov, base), period(cov)
    dataset = {
        "@id": f"{base}data/#dataset", "@type": "dcat:Dataset",
        "dct:identifier": PACKAGE_NAME, "dct:title": text(TITLE_ZH, TITLE_EN),
        "dct:description": text(DESCRIPTION_ZH, DESCRIPTION_EN),
        "dct:publisher": publisher, "dct:creator": {"@id": publisher["@id"]},
        "dct:issued": when(epoch), "dct:modified": when(epoch),
        "dcat:keyword": [{"@value": k, "@language": "en" if k.isascii() else "zh"} for k in KEYWORDS],
        "dcat:theme": [iri(f"{EU}data-theme/{t}") for t in THEMES],
        "dcat:landingPage": iri(f"{base}data/"), "dct:language": iri(f"{EU}language/ZHO"),
        "dct:conformsTo": iri(PROFILES["application/json"]), "dcat:version": __version__,
        "dcat:distribution": dists,
    }
    if spatial:
        dataset["dct:spatial"] = spatial
    if temporal:
        dataset["dct:temporal"] = temporal
    card = contact(site.publisher)
    if card:
        dataset["dcat:contactPoint"] = card
    catalogue = {
        "@context": CONTEXT,
        "@id": f"{base}catalog.jsonld#catalog", "@type": "dcat:Catalog",
        "dct:title": text(site.name, TITLE_EN), "dct:description": text(site.description or DESCRIPTION_ZH,
                                                                       DESCRIPTION_EN),
        "dct:publisher": {"@id": publisher["@id"]}, "foaf:homepage": iri(base or "./"),
        "dct:language": iri(f"{EU}language/ZHO"), "dct:license": licence,
        "dct:issued": when(epoch), "dct:modified": when(epoch),
        "dcat:themeTaxonomy": iri(f"{EU}data-theme"),
        "dcat:dataset": [dataset],
    }
    if spatial:
        catalogue["dct:spatial"] = [{"@id": s["@id"]} for s in spatial]
    return json_text(catalogue, indent=2, sort_keys=True) + "\n"
