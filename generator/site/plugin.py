"""The MkDocs plugin of the gongkai site (``plugins: [gongkai]`` in mkdocs.yml).

MkDocs only renders the pages gongkai generated; this plugin does what rendering them
safely and within memory needs, and nothing else:

* **escaping**: MkDocs and Material print a page's title (``<title>``, header, navigation)
  and description (``<meta name="description">``) and Material its tags without escaping;
  the front matter holds them as text from documents, so they are HTML-escaped here
  (titles and descriptions once every page is read, tags before the tags plugin sees them).
  A page without a title gets its first heading's text (HTML already, from the table of
  contents), not a title MkDocs would make of the file name.
* **HTML blocks**: a document's paragraphs and the generated tables, lists, breadcrumbs and
  pagers of every page are HTML between the lines ``<!--gk:html-->`` and ``<!--/gk:html-->``
  (``generator/templates``, ``generator/output/markdown.py``; Python-Markdown spent most of a
  page's time parsing them, as Markdown and then as raw HTML). They are lifted out before
  Markdown runs and put back after (:func:`lift_html`); their links name files by their
  place in ``site_src`` (``<a href="../region/吕梁市.md">``) as Markdown links do, and are
  resolved to the files' addresses as MkDocs resolves Markdown links (:func:`resolve_links`);
  their ids are added to the anchors MkDocs checks links against (:func:`block_anchors`).
  Text from documents can hold neither marker nor ``<a `` (``<`` is escaped in it), and the
  HTML guard still reads every page as written.
* **the HTML guard** (``generator/site/html_guard.py``) on every page as it is written.
* **JSON-LD addresses**: a page's JSON-LD (front matter ``jsonld``) gives addresses
  relative to the page; with ``site_url`` set they are made absolute here
  (``generator/output/jsonld.py`` ``absolute``), so ``site_src/`` does not depend on it.
* **size**: a run of white space that holds a line end becomes one line end (outside
  ``pre``, ``textarea``, ``script`` and ``style``), which a browser renders the same: the
  theme's indentation was a tenth of every page. And the JSON-LD Jinja's ``tojson`` writes
  keeps Chinese as it is, not as ``\\uXXXX`` (half its size; ``<``, ``>``, ``&`` and ``'``
  are still escaped).
* **memory**: MkDocs converts every page to HTML before it renders the first template, and
  keeps it all (half a gigabyte at 10,000 documents); each page's HTML waits in a
  temporary file beside the site instead and is read back for its own template only.
* **shares** (``share: I/N``, set by ``generator/site/render.py``): this process renders
  the I-th of N shares of the pages (every N-th page, from the I-th); the other pages, and
  in all but share 0 the static files and the theme's own templates, are marked
  unmodified, so that MkDocs' dirty build skips them. It keeps the anchors of its pages
  and the links to anchors of pages it did not render, for the renderer to check.
"""
from __future__ import annotations

import html as html_lib
import os
import posixpath
import re
import tempfile
import urllib.parse
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority

from ..output.escaping import html_attr, html_text
from ..output.jsonld import absolute
from ..output.markdown import HTML_BLOCK
from .html_guard import scan

TAGS_LISTING = "<!-- material/tags"  # where the tags plugin puts a listing of tagged pages
# Kept as written: elements whose white space counts; else a run of white space with a line end in it.
_WHITESPACE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|[ \t\r\f]*\n\s*", re.S | re.I)


_FILE_LINK = re.compile(r'<a href="([^":?#]+)(#[^"]*)?"')  # an HTML link to a file of site_src, relative


def resolve_links(markdown: str, page, files, targets: dict | None = None) -> str:
    """``markdown`` with each HTML link to a file of ``files`` (relative to ``page``'s source)
    made a link to that file's address relative to ``page``'s; one naming no file is left as
    it is (and reported by the site's link check). ``targets`` keeps the file each link
    names, by folder and link, for the next pages (a site's pages share most of their links)."""
    base = posixpath.dirname(page.file.src_uri)
    targets = {} if targets is None else targets

    def resolved(m: re.Match) -> str:
        key = (base, m.group(1))
        if key not in targets:
            path = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(html_lib.unescape(m.group(1)))))
            targets[key] = files.get_file_from_path(path)
        target = targets[key]
        if target is None:
            return m.group(0)
        return f'<a href="{html_attr(target.url_relative_to(page.file))}{m.group(2) or ""}"'

    return _FILE_LINK.sub(resolved, markdown)


_HTML_BLOCK = re.compile(f"^{re.escape(HTML_BLOCK[0])}\n(.*?)\n{re.escape(HTML_BLOCK[1])}$", re.S | re.M)
_LIFTED = re.compile(r"<!--gk-html:(\d+)-->")  # where a lifted block goes back (Markdown keeps comments)


def lift_html(markdown: str, page, files, targets: dict | None = None) -> tuple[str, list[str]]:
    """``markdown`` with each HTML block replaced by a comment naming it, and the blocks
    (their links resolved, see :func:`resolve_links`)."""
    blocks: list[str] = []

    def lifted(m: re.Match) -> str:
        blocks.append(resolve_links(m.group(1), page, files, targets))
        return f"<!--gk-html:{len(blocks) - 1}-->"

    return _HTML_BLOCK.sub(lifted, markdown), blocks


_ID = re.compile(r'\sid="([^"]*)"')


def block_anchors(blocks: list[str]) -> set[str]:
    """The ids the blocks give their elements (MkDocs sees only Markdown's: a link to one
    of these is checked against this set)."""
    return {html_lib.unescape(m.group(1)) for block in blocks for m in _ID.finditer(block)}


def put_back(html: str, blocks: list[str]) -> str:
    """The blocks :func:`lift_html` took out, back in their places in ``html``."""
    return _LIFTED.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html


def compact(html: str) -> str:
    """``html`` with every run of white space holding a line end made one line end (see the module docstring)."""
    return _WHITESPACE.sub(lambda m: m.group(1) or "\n", html)


class GongkaiConfig(Config):
    spool = config_options.Type(bool, default=True)  # keep pages' HTML in a file until their template
    share = config_options.Type(str, default="")  # "I/N": render the I-th of N shares of the pages


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


class _Spool:
    """Pages' HTML in a temporary file, by source path, until their templates are rendered."""

    def __init__(self, folder: Path):
        self.file = tempfile.TemporaryFile(dir=folder)
        self.where: dict[str, tuple[int, int]] = {}

    def put(self, key: str, html: str) -> None:
        data = html.encode("utf-8")
        self.file.seek(0, os.SEEK_END)
        self.where[key] = (self.file.tell(), len(data))
        self.file.write(data)

    def take(self, key: str) -> str | None:
        if key not in self.where:
            return None
        offset, size = self.where.pop(key)
        self.file.seek(offset)
        return self.file.read(size).decode("utf-8")

    def close(self) -> None:
        self.file.close()


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.spool: _Spool | None = None
        self.share: tuple[int, int] | None = None
        self.files = None
        self.share_anchors: dict[str, list[str]] = {}
        self.share_links: dict[str, dict[str, dict[str, str]]] = {}
        self.lifted: list[str] = []  # the HTML blocks of the page being converted (lift_html)
        self.targets: dict = {}  # the files the HTML blocks' links name (resolve_links)

    def on_config(self, config, **kwargs):
        self.share = None
        if self.config.share:
            i, n = (int(x) for x in self.config.share.split("/"))
            if not 0 <= i < n:
                raise ValueError(f"share {self.config.share}: expected I/N with 0 <= I < N")
            self.share = (i, n)
            if i:  # 404.html and sitemap.xml: the first share's
                config.theme.static_templates = set()
        return config

    def on_files(self, files, config, **kwargs):
        """With a share, mark what this process does not build as unmodified (see the module docstring)."""
        self.files = files
        self.targets = {}
        if self.share is None:
            return files
        i, n = self.share
        k = 0
        for file in files:
            if file.is_documentation_page():
                mine = k % n == i
                k += 1
            else:
                mine = i == 0
            file.is_modified = _modified if mine else _unmodified
        return files

    def on_pre_build(self, config, **kwargs) -> None:
        self._close()
        if self.config.spool:
            # beside the site (in the build's staging folder, which the next build removes if
            # this one is killed), never in TMPDIR
            work = Path(config["site_dir"]).parent
            work.mkdir(parents=True, exist_ok=True)
            self.spool = _Spool(work)

    @event_priority(0)  # before the tags plugin (-50) reads the tags
    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        tags = page.meta.get("tags")
        if isinstance(tags, list):
            page.meta["tags"] = [html_text(tag) for tag in tags]
        markdown, self.lifted = lift_html(markdown, page, files, self.targets)  # back in on_page_content, for this page
        return markdown

    def on_page_content(self, html, page, config, files, **kwargs):
        page.markdown = ""  # nothing reads it once converted (titles come from the front matter)
        if self.lifted and page.present_anchor_ids is not None:
            page.present_anchor_ids |= block_anchors(self.lifted)
        html, self.lifted = put_back(html, self.lifted), []
        if self.spool is None or TAGS_LISTING in html:  # the tags plugin fills a listing in later
            return html
        self.spool.put(page.file.src_uri, html)
        return ""

    def _escape_titles(self, env, files):
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.meta is None:
                continue
            meta = page.meta
            title = meta.get("title")
            if title is not None:
                meta["title"] = html_text(title)
            else:
                heading = next((item for item in page.toc.items if item.level == 1), None) if page.toc else None
                if heading is not None:
                    meta["title"] = heading.title  # HTML-escaped text of the heading
            if meta.get("description") is not None:
                meta["description"] = html_attr(meta["description"])
        return env

    def on_page_context(self, context, page, config, nav, **kwargs):
        if page.meta and isinstance(page.meta.get("jsonld"), dict):
            page.meta["jsonld"] = absolute(page.meta["jsonld"], page.canonical_url)
        if self.spool is not None:
            content = self.spool.take(page.file.src_uri)
            if content is not None:
                page.content = content
        return context

    def on_env(self, env, config, files, **kwargs):
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        return self._escape_titles(env, files)

    def on_post_page(self, output, page, config, **kwargs):
        page.content = ""  # its template is rendered: nothing reads it any more
        output = compact(output)
        scan(page.file.dest_uri, output)
        return output

    def on_post_template(self, output_content, template_name, config, **kwargs):
        if template_name.endswith(".html"):  # 404.html
            output_content = compact(output_content)
            scan(template_name, output_content)
        return output_content

    def on_post_build(self, config, **kwargs) -> None:
        self._close()
        if self.share is not None:
            self._keep_anchors()

    def _keep_anchors(self) -> None:
        """The anchors of this share's pages, and their links to anchors of pages it did not render."""
        for file in self.files.documentation_pages():
            page = file.page
            if page is None or page.present_anchor_ids is None:  # not rendered here
                continue
            self.share_anchors[file.src_uri] = sorted(page.present_anchor_ids)
            for target, links in (page.links_to_anchors or {}).items():
                if target.page is not None and target.page.present_anchor_ids is None:
                    self.share_links.setdefault(file.src_uri, {})[target.src_uri] = dict(links)

    def on_build_error(self, error, **kwargs) -> None:
        self._close()

    def _close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None
