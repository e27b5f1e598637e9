"""The site built from issue 11's hostile inputs, in headless Chromium: nothing runs."""
from __future__ import annotations

import pytest

from ..integration.test_security import hostile as hostile  # noqa: F401 (the fixture: the site of the hostile inputs)

pytestmark = pytest.mark.browser


def test_no_dialog_opens_and_no_handler_or_javascript_url_exists_on_any_page(hostile, browser):
    _, out, url = hostile
    site = out / "site"
    pages = sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html")
                   if "pagefind" not in p.parts)
    assert len(pages) > 20
    ctx = browser.new_context()
    dialogs: list[str] = []
    ctx.on("page", lambda pg: pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    pg = ctx.new_page()
    try:
        for page in pages:
            pg.goto(url + page.lstrip("./"))
            pg.wait_for_load_state("load")
            found = pg.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                .filter(a => /^on/i.test(a.name) || /^\\s*(javascript|vbscript|data):/i.test(a.value))
                .map(a => el.tagName + ' ' + a.name + '=' + a.value))""")
            assert found == [], page
        assert dialogs == []
    finally:
        ctx.close()


