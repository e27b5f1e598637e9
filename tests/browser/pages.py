"""One page of each kind of the site, found from the seeds and the site's layout, and
the checks the browser tests share."""
from __future__ import annotations

from pathlib import Path

from ..conftest import SEEDS

STEMS = {p.stem[:3]: p.stem for p in SEEDS.glob("*.txt")}
WIDTHS = (1280, 390)
SERIOUS = ("serious", "critical")


def page_paths(site: Path) -> dict[str, str]:
    """Kind of page → its address under the site's root."""
    policies = sorted(p.name for p in (site / "policies").iterdir() if p.is_dir() and p.name.startswith("p"))
    return {
        "home": "",
        "document": f"documents/{STEMS['000']}/",
        "indicator": "indicators/high_tech_enterprises/",  # the vocabulary's code, with a chart
        "data": "data/",
        "listing": "documents/",
        "genre": "genre/实施意见/",
        "policy": f"policies/{policies[0]}/",
        "region": "region/文水县/",  # 002 is 文水县's, with its figures
        "about": "about/",
        "404": "no/such/page/",
    }


def axe_problems(pg, impacts=SERIOUS) -> list[str]:
    """axe-core's violations of ``impacts`` on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(pg)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result.response["violations"] if v["impact"] in impacts]
