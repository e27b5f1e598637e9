"""The RSS 2.0 feed of the documents (``feed.xml``), made from the model.

RSS needs absolute links (the channel's ``link`` is required and every ``link`` is a URL):
the build writes the feed only when the site's address is known (``no-site-url`` says so
otherwise). The publisher of the site configuration is the channel's ``dc:publisher``
(and ``managingEditor`` when it gives an e-mail address); the DCAT catalogue is in
``dcat.py``.
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from .. import config
from ..model import Corpus, Document
from .datapackage import LICENSE
from .escaping import xml_text

DC = "http://purl.org/dc/elements/1.1/"
ATOM = "http://www.w3.org/2005/Atom"

CHINA = dt.timezone(dt.timedelta(hours=8))


def _rfc822(date: str) -> str:
    """RSS date of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return format_datetime(dt.datetime(parts[0], parts[1], parts[2], tzinfo=CHINA))


def feed(corpus: Corpus, site: config.Site, epoch: int) -> bytes:
    """RSS 2.0, documents newest first (undated ones last, without a pubDate); ``site.url``
    must be known (see the module docstring)."""
    if not site.url:
        raise ValueError("the feed needs the site's address")
    base = site.url
    ET.register_namespace("dc", DC)
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", version="2.0")
    ch = ET.SubElement(rss, "channel")
    ET.SubElement(ch, "title").text = xml_text(site.name)
    ET.SubElement(ch, "link").text = xml_text(base)
    ET.SubElement(ch, f"{{{ATOM}}}link", href=xml_text(f"{base}feed.xml"), rel="self", type="application/rss+xml")
    ET.SubElement(ch, "description").text = xml_text(site.description or site.name)
    ET.SubElement(ch, "language").text = "zh-cn"
    pub = site.publisher
    ET.SubElement(ch, f"{{{DC}}}publisher").text = xml_text(pub.name)
    if pub.email:
        ET.SubElement(ch, "managingEditor").text = xml_text(f"{pub.email} ({pub.name})")
    ET.SubElement(ch, "copyright").text = xml_text(
        f"文件原文由各发文机关公开发布；{pub.name}整理的数据以 {LICENSE['title']} 许可发布（{LICENSE['path']}）")
    ET.SubElement(ch, "lastBuildDate").text = format_datetime(dt.datetime.fromtimestamp(epoch, dt.timezone.utc))

    def when(doc: Document) -> str | None:
        return doc.meta.published or doc.meta.date

    dated = sorted((d for d in corpus if when(d)), key=lambda d: (when(d), d.id), reverse=True)
    undated = sorted((d for d in corpus if not when(d)), key=lambda d: d.id)
    for doc in dated + undated:
        m = doc.meta
        item = ET.SubElement(ch, "item")
        link = f"{base}documents/{urllib.parse.quote(doc.id, safe='')}/"
        ET.SubElement(item, "title").text = xml_text(m.title or m.doc_number or doc.id)
        ET.SubElement(item, "link").text = xml_text(link)
        ET.SubElement(item, "guid", isPermaLink="true").text = xml_text(link)
        ET.SubElement(item, "description").text = xml_text("，".join(
            v for v in (m.agency, m.doc_number, m.date, m.doc_type) if v))
        ET.SubElement(item, "category").text = xml_text(m.doc_type)
        if when(doc):
            ET.SubElement(item, "pubDate").text = _rfc822(when(doc))
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8") + b"\n"
