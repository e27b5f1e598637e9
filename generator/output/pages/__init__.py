"""The pages of the site (``site_src/``), as a mapping of path → content; nothing is written here.

Document pages (``documents``), listings by taxonomy and the home page (``listings``),
policies (``policies``), indicators with charts (``indicators``) and the data page.
"""
from __future__ import annotations

from typing import Callable

import frictionless

from ... import config
from ...model import Corpus
from .. import datapackage
from .common import Pages, doc_path, environment, original_path, page
from .documents import document_pages
from .indicators import indicator_pages
from .listings import about_page, home_page, listing_pages
from .policies import policy_pages

__all__ = ["render_site", "Pages"]


def data_page(env, tables: list[datapackage.Table]) -> str:
    front = {"title": "开放数据", "description": "文件、指标与引用三张表的 Frictionless 数据包，附数据字典、预览与下载。",
             "jsonld": datapackage.dataset_jsonld(tables)}
    return page(env, "data.md.j2", front, page="data/index.md", tables=tables, zip_name=datapackage.ZIP_NAME,
                license=datapackage.LICENSE, frictionless_version=frictionless.__version__)


def render_site(corpus: Corpus, tables: list[datapackage.Table], site: config.Site,
                progress: Callable[[str, int, int], None] | None = None) -> Pages:
    """Every page of ``site_src`` keyed by its path; ``tables`` are the data package's."""
    env = environment()
    pages = Pages()
    tick = (lambda n: progress("pages", n, len(corpus))) if progress else None
    for doc, text in zip(corpus, document_pages(env, corpus, tick)):
        pages[doc_path(doc)] = text
        pages[original_path(doc)] = doc.source.text  # as decoded (UTF-8): the text every offset indexes
    listings, groups = listing_pages(env, corpus)
    pages.update(listings)
    pages.update(policy_pages(env, corpus))
    pages.update(indicator_pages(env, corpus))
    pages["data/index.md"] = data_page(env, tables)
    pages["about.md"] = about_page(env, corpus, groups, site, datapackage.LICENSE)
    pages["index.md"] = home_page(env, corpus, groups, datapackage.ZIP_NAME)
    return pages
