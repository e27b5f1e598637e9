"""The site plugin's HTML blocks (generator/site/plugin.py): lifted out of the Markdown, their
links resolved as MkDocs resolves Markdown links, put back in place after Markdown."""
from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from mkdocs.structure.files import File, Files

from generator.site.plugin import lift_html, put_back

SOURCES = ["documents/a.md", "documents/b.md", "region/吕梁市.md", "originals/a.txt", "index.md"]


def files(directory_urls: bool) -> Files:
    return Files([File(path, "/src", "/site", directory_urls) for path in SOURCES])


@pytest.mark.parametrize("directory_urls, region, sibling, original", [
    (True, "../../region/%E5%90%95%E6%A2%81%E5%B8%82/", "../b/#q2", "../../originals/a.txt"),
    (False, "../region/%E5%90%95%E6%A2%81%E5%B8%82.html", "b.html#q2", "../originals/a.txt"),  # the offline copy
])
def test_a_blocks_links_name_files_and_get_their_addresses(directory_urls, region, sibling, original):
    all_files = files(directory_urls)
    page = SimpleNamespace(file=all_files.get_file_from_path("documents/a.md"))
    source = ("正文\n\n<!--gk:html-->\n<ul>\n<li><a href=\"../region/吕梁市.md\">吕梁市</a>：*不是强调*</li>\n"
              "<li><a href=\"b.md#q2\">乙</a></li>\n<li><a href=\"../originals/a.txt\">原文</a></li>\n"
              "<li><a href=\"missing.md\">无</a></li>\n<li><a href=\"#q1\">此处</a></li>\n</ul>\n<!--/gk:html-->\n\n尾\n")
    lifted, blocks = lift_html(source, page, all_files)
    assert "<ul>" not in lifted and len(blocks) == 1
    html = put_back(markdown.markdown(lifted), blocks)
    assert f'<a href="{region}">吕梁市</a>：*不是强调*' in html  # no Markdown read the block
    assert f'<a href="{sibling}">' in html and f'<a href="{original}">' in html
    assert '<a href="missing.md">' in html and '<a href="#q1">' in html  # no such file; an anchor: as written
    assert html.index("正文") < html.index("<ul>") < html.index("尾")


def test_escaped_text_is_never_a_block():
    page = SimpleNamespace(file=files(True).get_file_from_path("documents/a.md"))
    text = "&lt;!--gk:html--&gt;\n&lt;a href=\"b.md\"&gt;\n&lt;!--/gk:html--&gt;\n"
    assert lift_html(text, page, files(True)) == (text, [])


def test_the_anchors_of_a_block_are_the_pages_and_a_cache_gives_each_page_its_own_addresses():
    """MkDocs checks links to anchors against the ids it saw, which are not the blocks': the
    plugin adds theirs (escaped ids as the browser reads them). A link names the same file
    from every page of a folder, but its address is relative to each page."""
    from generator.site.plugin import block_anchors

    assert block_anchors(['<p><mark><span class="gk-anchor" id="q1"></span>x</mark></p>',
                          '<h2 id="a&amp;b">y</h2><p class="id">id="no"</p>']) == {"q1", "a&b"}
    all_files = files(True)
    targets: dict = {}
    block = '<!--gk:html-->\n<a href="../region/吕梁市.md">吕梁市</a>\n<!--/gk:html-->'
    for path, address in [("documents/a.md", "../../region/%E5%90%95%E6%A2%81%E5%B8%82/"),
                          ("documents/b.md", "../../region/%E5%90%95%E6%A2%81%E5%B8%82/"),
                          ("index.md", "region/%E5%90%95%E6%A2%81%E5%B8%82/")]:
        page = SimpleNamespace(file=all_files.get_file_from_path(path))
        _, blocks = lift_html(block.replace("../region", "region") if path == "index.md" else block, page,
                              all_files, targets)
        assert blocks == [f'<a href="{address}">吕梁市</a>']
