"""The machine-readable views of the site, made from the model: an RSS 2.0 feed of the
documents (``feed.xml``) and a DCAT catalogue of the data package (``catalog.jsonld``).

Links are absolute when the site's address is known, relative to the site root otherwise.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from .. import config
from ..model import Corpus, Document
from .datapackage import DESCRIPTION, KEYWORDS, LICENSE, PACKAGE_NAME, TITLE, ZIP_NAME, Table
from .escaping import json_text, xml_text

CHINA = dt.timezone(dt.timedelta(hours=8))


def _rfc822(date: str) -> str:
    """RSS date of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return format_datetime(dt.datetime(parts[0], parts[1], parts[2], tzinfo=CHINA))


def feed(corpus: Corpus, site: config.Site, epoch: int) -> bytes:
    """RSS 2.0, documents newest first (undated ones last, without a pubDate)."""
    base = site.url
    rss = ET.Element("rss", version="2.0")
    ch = ET.SubElement(rss, "channel")
    ET.SubElement(ch, "title").text = xml_text(site.name)
    ET.SubElement(ch, "link").text = xml_text(base or "./")
    ET.SubElement(ch, "description").text = xml_text(site.description)
    ET.SubElement(ch, "language").text = "zh-cn"
    ET.SubElement(ch, "lastBuildDate").text = format_datetime(dt.datetime.fromtimestamp(epoch, dt.timezone.utc))

    def when(doc: Document) -> str | None:
        return doc.meta.published or doc.meta.date

    dated = sorted((d for d in corpus if when(d)), key=lambda d: (when(d), d.id), reverse=True)
    undated = sorted((d for d in corpus if not when(d)), key=lambda d: d.id)
    for doc in dated + undated:
        m = doc.meta
        item = ET.SubElement(ch, "item")
        link = f"{base}documents/{doc.id}/"
        ET.SubElement(item, "title").text = xml_text(m.title or m.doc_number or doc.id)
        ET.SubElement(item, "link").text = xml_text(link)
        ET.SubElement(item, "guid", isPermaLink="true" if base else "false").text = xml_text(link)
        ET.SubElement(item, "description").text = xml_text("，".join(
            v for v in (m.agency, m.doc_number, m.date, m.doc_type) if v))
        ET.SubElement(item, "category").text = xml_text(m.doc_type)
        if when(doc):
            ET.SubElement(item, "pubDate").text = _rfc822(when(doc))
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8") + b"\n"


def catalog(tables: list[Table], site: config.Site, created: str) -> str:
    """The DCAT catalogue (JSON-LD) of the data package and its files."""
    data = f"{site.url}data/"
    dists = [{"@type": "dcat:Distribution", "dct:title": t.name, "dct:description": t.description,
              "dcat:downloadURL": f"{data}{t.name}.csv", "dcat:mediaType": "text/csv",
              "dct:conformsTo": "https://specs.frictionlessdata.io/tabular-data-resource/"} for t in tables]
    dists.append({"@type": "dcat:Distribution", "dct:title": "datapackage.json",
                  "dcat:downloadURL": data + "datapackage.json", "dcat:mediaType": "application/json",
                  "dct:conformsTo": "https://specs.frictionlessdata.io/data-package/"})
    dists.append({"@type": "dcat:Distribution", "dct:title": ZIP_NAME,
                  "dcat:downloadURL": data + ZIP_NAME, "dcat:mediaType": "application/zip"})
    catalogue = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/"},
        "@type": "dcat:Catalog",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "foaf:homepage": site.url or "./",
        "dcat:dataset": [{
            "@type": "dcat:Dataset",
            "dct:identifier": PACKAGE_NAME,
            "dct:title": TITLE,
            "dct:description": DESCRIPTION,
            "dct:license": LICENSE["path"],
            "dct:issued": created,
            "dcat:keyword": KEYWORDS,
            "dcat:landingPage": data,
            "dct:language": "zh",
            "dcat:distribution": dists,
        }],
    }
    return json_text(catalogue, indent=2, sort_keys=True) + "\n"
