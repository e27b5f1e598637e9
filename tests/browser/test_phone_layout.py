"""The site on a 390 px phone, and its wide tables on a desktop (issue 14): every table
shows all its information with no column off screen, chart text is at least 11 px on
screen, and a table too wide for a desktop column scrolls from the keyboard."""
from __future__ import annotations

import pytest

from ..conftest import ARTIFACTS, screenshot
from .pages import STEMS, page_paths

pytestmark = pytest.mark.browser

PHONE = 390
TABLE_KINDS = ["home", "document", "indicator", "data", "listing", "genre", "policy", "region", "about"]

# For each table of the content: the cells whose box leaves the screen sideways, the cells
# hidden although they hold text, and the body cells shown without their column's name.
CELLS = """() => {
  const width = document.documentElement.clientWidth, out = { off: [], hidden: [], unnamed: [], tables: 0 };
  for (const table of document.querySelectorAll('.md-content table')) {
    out.tables++;
    const names = table.tHead ? [...table.tHead.rows[0].cells].map(c => c.textContent.trim()) : [];
    for (const row of table.tBodies[0] ? table.tBodies[0].rows : []) {
      [...row.cells].forEach((cell, i) => {
        const label = cell.querySelector('.gk-cell-label');
        const text = (label ? cell.textContent.slice(label.textContent.length) : cell.textContent).trim();
        const box = cell.getBoundingClientRect();
        if (getComputedStyle(cell).display === 'none' || box.width === 0) {
          if (text) out.hidden.push(text);
          return;
        }
        if (box.left < -0.5 || box.right > width + 0.5) out.off.push(`${names[i] || i}: ${text.slice(0, 20)}`);
        // a column is named by its header, seen beside the table's head row, or on the card
        const head = table.tHead && table.tHead.getBoundingClientRect();
        const headSeen = head && head.width > 1 && head.height > 1;
        const labelSeen = label && label.getBoundingClientRect().width > 0;
        if (names.length && i > 0 && !headSeen && !labelSeen) out.unnamed.push(`${names[i]}: ${text.slice(0, 20)}`);
      });
    }
  }
  out.pageWidth = document.documentElement.scrollWidth;
  return out;
}"""


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_every_table_shows_all_its_cells_on_a_phone(built, pages_url, open_page, kind):
    pg = open_page(pages_url + page_paths(built / "site")[kind], width=PHONE)
    pg.wait_for_load_state("load")
    cells = pg.evaluate(CELLS)
    screenshot(pg, f"phone-{kind}-{PHONE}")
    assert cells["off"] == [], "cells off screen"
    assert cells["hidden"] == [], "cells hidden that hold text"
    assert cells["unnamed"] == [], "cells shown without their column's name"
    assert cells["pageWidth"] <= PHONE  # nothing cut at the right of the page
    if kind != "about":
        assert cells["tables"] >= 1


def test_the_indicator_table_of_a_document_keeps_its_original_links_on_a_phone(open_page, site_url):
    """The page says: click 原文 to see the sentence. At 390 px the 出处 column is there."""
    pg = open_page(f"{site_url}documents/{STEMS['000']}/", width=PHONE)
    table = pg.locator("table", has=pg.locator("th", has_text="出处"))
    link = table.get_by_role("link", name="原文").first
    assert link.is_visible()
    box = link.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE
    link.click()
    assert pg.locator("mark.gk-quote:has(.gk-anchor:target)").is_visible()


# Every visible text of the charts: its size on screen (font size times the SVG's scale)
# and whether it lies inside the chart.
CHART_TEXT = """() => [...document.querySelectorAll('svg.gk-chart')].filter(s => s.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const frame = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map(t => {
      const box = t.getBoundingClientRect();
      return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
               inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 &&
                       box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5 };
    });
  })"""


@pytest.mark.parametrize("width", [PHONE, 1280])
@pytest.mark.parametrize("indicator", ["high_tech_enterprises", "innovation_vouchers", "patents"])
def test_chart_text_is_11_px_or_more_and_inside_the_chart(site_url, open_page, indicator, width):
    pg = open_page(f"{site_url}indicators/{indicator}/", width=width)
    texts = pg.evaluate(CHART_TEXT)
    assert texts, "no chart shown"
    small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < 11]
    assert small == []
    assert [t["text"] for t in texts if not t["inside"]] == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    if indicator == "high_tech_enterprises":
        ARTIFACTS.mkdir(exist_ok=True)
        pg.locator("figure").screenshot(path=str(ARTIFACTS / f"chart-{width}.png"))


def test_a_wide_table_on_a_desktop_scrolls_from_the_keyboard(open_page, site_url):
    """WCAG 2.1.1: the data page's previews are wider than the column at 1280 px; each
    scrolls in a region that takes focus and a name, and the arrow keys scroll it."""
    pg = open_page(f"{site_url}data/", width=1280)
    regions = pg.locator(".md-typeset__scrollwrap[tabindex='0'][role=region]")
    assert regions.count() >= 2
    region = regions.first
    assert region.get_attribute("aria-label").startswith("表格：documents.csv")
    region.focus()
    before = region.evaluate("e => e.scrollLeft")
    for _ in range(5):
        pg.keyboard.press("ArrowRight")
    # the scroll is animated: it may not have begun when the last key is up
    pg.wait_for_function("([e, x]) => e.scrollLeft > x", arg=[region.element_handle(), before], timeout=3000)
    assert region.evaluate("e => e.scrollLeft") > before
    # the shading follows (scroll events come with the next frames)
    pg.wait_for_function("e => e.classList.contains('gk-scroll--start')", arg=region.element_handle(), timeout=3000)
