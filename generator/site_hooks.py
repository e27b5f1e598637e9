"""MkDocs hooks that publish machine-readable views of the site (declared in mkdocs.yml).

on_post_build writes, next to the HTML:
* ``feed.xml``: an RSS 2.0 feed of the documents, newest first (undated documents come
  last and simply carry no pubDate);
* ``catalog.jsonld``: a DCAT catalogue describing the data package and its files.

Both read the data package the build copied into ``site/data/``. Links are absolute when
``site_url`` is set, relative to the site root otherwise.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import Path

from generator.escaping import xml_text

CHINA = dt.timezone(dt.timedelta(hours=8))


def _rfc822(date: str) -> str | None:
    """RSS date of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return format_datetime(dt.datetime(parts[0], parts[1], parts[2], tzinfo=CHINA))


def _build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def feed(rows: list[dict], site_name: str, description: str, base: str) -> bytes:
    rss = ET.Element("rss", version="2.0")
    ch = ET.SubElement(rss, "channel")
    ET.SubElement(ch, "title").text = xml_text(site_name)
    ET.SubElement(ch, "link").text = xml_text(base or "./")
    ET.SubElement(ch, "description").text = xml_text(description)
    ET.SubElement(ch, "language").text = "zh-cn"
    ET.SubElement(ch, "lastBuildDate").text = format_datetime(_build_time())
    dated = sorted((r for r in rows if r["date"] or r["published"]),
                   key=lambda r: (r["published"] or r["date"], r["id"]), reverse=True)
    undated = sorted((r for r in rows if not (r["date"] or r["published"])), key=lambda r: r["id"])
    for r in dated + undated:
        item = ET.SubElement(ch, "item")
        link = f"{base}documents/{r['id']}/"
        ET.SubElement(item, "title").text = xml_text(r["title"] or r["doc_number"] or r["id"])
        ET.SubElement(item, "link").text = xml_text(link)
        ET.SubElement(item, "guid", isPermaLink="true" if base else "false").text = xml_text(link)
        ET.SubElement(item, "description").text = xml_text("，".join(
            v for v in (r["agency"], r["doc_number"], r["date"], r["doc_type"]) if v))
        ET.SubElement(item, "category").text = xml_text(r["doc_type"])
        when = r["published"] or r["date"]
        if when:
            ET.SubElement(item, "pubDate").text = _rfc822(when)
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8") + b"\n"


def catalog(package: dict, base: str) -> dict:
    data = f"{base}data/"
    dists = [{"@type": "dcat:Distribution", "dct:title": r["name"], "dct:description": r.get("description", ""),
              "dcat:downloadURL": data + r["path"], "dcat:mediaType": "text/csv",
              "dct:conformsTo": "https://specs.frictionlessdata.io/tabular-data-resource/"}
             for r in package["resources"]]
    dists.append({"@type": "dcat:Distribution", "dct:title": "datapackage.json",
                  "dcat:downloadURL": data + "datapackage.json", "dcat:mediaType": "application/json",
                  "dct:conformsTo": "https://specs.frictionlessdata.io/data-package/"})
    dists.append({"@type": "dcat:Distribution", "dct:title": "gongkai-datapackage.zip",
                  "dcat:downloadURL": data + "gongkai-datapackage.zip", "dcat:mediaType": "application/zip"})
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/"},
        "@type": "dcat:Catalog",
        "dct:title": package.get("title", ""),
        "dct:description": package.get("description", ""),
        "foaf:homepage": base or "./",
        "dcat:dataset": [{
            "@type": "dcat:Dataset",
            "dct:identifier": package["name"],
            "dct:title": package.get("title", ""),
            "dct:description": package.get("description", ""),
            "dct:license": package["licenses"][0]["path"],
            "dct:issued": package.get("created", ""),
            "dcat:keyword": package.get("keywords", []),
            "dcat:landingPage": data,
            "dct:language": "zh",
            "dcat:distribution": dists,
        }],
    }


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    data = site / "data"
    if not (data / "documents.csv").is_file():
        return
    base = config.get("site_url") or ""
    if base and not base.endswith("/"):
        base += "/"
    with open(data / "documents.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    (site / "feed.xml").write_bytes(feed(rows, config["site_name"], config.get("site_description") or "", base))
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(catalog(package, base), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (site / "catalog.jsonld").write_text(text, encoding="utf-8")
