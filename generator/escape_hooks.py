"""MkDocs hook (declared in mkdocs.yml): page titles, descriptions and tags reach the HTML as text.

Front matter holds titles and descriptions as plain text taken from the documents, but
MkDocs and Material treat a page title as HTML and print it, and the description, without
escaping (``<title>``, the header, the navigation, ``<meta name="description" content="…">``).
A title such as ``关于<script>…</script>的通知`` would run as a script on every page that
shows it. ``on_env`` runs once every page is read and rendered to HTML (after the search
hook has taken the plain text) and before any template is rendered: it escapes both.

Tags (the topics, which a sidecar may set to any text) are printed unescaped by Material's
tags partial too: ``on_page_markdown`` escapes them before the tags plugin reads them (it
runs late, at priority -50).

A page without a title in its front matter gets the text of its first level-1 heading
(HTML already, from the table of contents): MkDocs would otherwise take a title from the
file name, and Material's ``page.title | striptags`` unescapes a heading into markup.
"""
from __future__ import annotations

from generator.escaping import html_attr, html_text
from generator.html_guard import scan


def on_page_markdown(markdown, page, config, files, **kwargs):
    tags = page.meta.get("tags")
    if isinstance(tags, list):
        page.meta["tags"] = [html_text(tag) for tag in tags]
    return markdown


def on_env(env, config, files, **kwargs):
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


def on_post_page(output, page, config, **kwargs):
    """The HTML guard (generator/html_guard.py) on every page as it is written."""
    scan(page.file.dest_uri, output)
    return output


def on_post_template(output_content, template_name, config, **kwargs):
    """The HTML guard on pages made from theme templates alone (404.html, sitemap.xml)."""
    if template_name.endswith(".html"):
        scan(template_name, output_content)
    return output_content
