"""The pages of the site (``site_src/``), as a mapping of path → content; nothing is written here.

Document pages (``documents``), listings by taxonomy and the home page (``listings``),
policies (``policies``), indicators with charts (``indicators``) and the data page.
"""
from __future__ import annotations

from typing import Callable

import frictionless

from ... import config
from ...model import Corpus
from .. import datapackage, jsonld
from .common import Pages, doc_path, environment, original_path, page
from .documents import document_pages
from .indicators import indicator_pages
from .listings import about_page, home_page, listing_pages
from .policies import policy_pages

__all__ = ["render_site", "add_package", "Pages"]


def data_page(env, tables: list[datapackage.Table], files: dict[str, str | bytes], site: config.Site,
              cov: jsonld.Coverage, epoch: int) -> str:
    front = {"title": "开放数据",
             "description": f"{len(tables)} 张表的 Frictionless 数据包（文件、指标、事实、引用、所引政策、文件关系），"
                            "附数据字典、预览、下载与 DCAT 数据目录。",
             "jsonld": jsonld.dataset(tables, files, site, cov, epoch)}
    return page(env, "data.md.j2", front, page="data/index.md", tables=tables, zip_name=datapackage.ZIP_NAME,
                license=datapackage.LICENSE, frictionless_version=frictionless.__version__,
                profile=datapackage.PROFILE, catalog="catalog.jsonld")


def render_site(corpus: Corpus, site: config.Site,
                progress: Callable[[str, int, int], None] | None = None) -> Pages:
    """Every page of ``site_src`` made from the corpus alone, keyed by its path; the data
    page and the package's files come with the package (:func:`add_package`)."""
    env = environment()
    pages = Pages()
    tick = (lambda n: progress("pages", n, len(corpus))) if progress else None
    for doc, text in zip(corpus, document_pages(env, corpus, site, tick)):
        pages[doc_path(doc)] = text
        pages[original_path(doc)] = doc.source.text  # as decoded (UTF-8): the text every offset indexes
    listings, groups = listing_pages(env, corpus)
    pages.update(listings)
    pages.update(policy_pages(env, corpus))
    pages.update(indicator_pages(env, corpus))
    pages["about.md"] = about_page(env, corpus, groups, site, datapackage.LICENSE)
    pages["index.md"] = home_page(env, corpus, groups, datapackage.ZIP_NAME)
    return pages


def add_package(pages: Pages, corpus: Corpus, tables: list[datapackage.Table], package: dict[str, str | bytes],
                site: config.Site, epoch: int) -> None:
    """The data page and a copy of the package's files (``data/``), for downloads from the site."""
    pages["data/index.md"] = data_page(environment(), tables, package, site, jsonld.coverage(corpus), epoch)
    pages.update({f"data/{name}": content for name, content in package.items()})
