"""Other places a document compares its region with (``places.yml``).

``place_pattern(region)`` is the regular expression of every place that is not the
document's region nor holds it, which the comparison rules of ``mention_classes.yml``
insert where they say ``{place}``.
"""
from __future__ import annotations

import functools
import re

from ...gazetteer import gazetteer
from .rules import alternation, load


def level_of(region: str | None) -> str | None:
    """province, city or county, by the end of the region's name."""
    if not region:
        return None
    levels = load("places")["levels"]
    return next((level for level, pattern in levels.items() if re.search(pattern, region)), None)


@functools.cache
def place_pattern(region: str | None) -> str:
    """Every place that is not ``region`` nor inside it: provinces and prefecture-level
    cities (the short names of places.yml and every full name of the gazetteer), the
    counties of a city's or a county's province (its peers: 闽侯县 in 永泰县's text),
    countries, wider areas, and the levels above a city or a county (全省, 全市; a district's
    city by name too, 西安市 in 西安市雁塔区's text, but not where the district's name follows it)."""
    data = load("places")
    g = gazetteer()  # and every province and prefecture-level division of the country, by full name
    own = g.lookup(region) if region else ()
    own = own[0] if len(own) == 1 else None
    inside = {r.name for r in g.by_code.values() if own is not None and g.is_within(r, own)}
    divisions = [r.name for r in g.by_code.values() if r.level in ("province", "prefecture") and r.name not in inside]
    names = [*data["provinces"], *data["cities"], *data["abroad"], *data["areas"], *divisions]
    if own is not None and own.level != "province":  # a city's or county's peers: the counties of its province
        province = ([own, *g.ancestors(own)])[-1]
        names += [r.name for r in g.by_code.values() if r.level == "county" and len(r.name) >= 3
                  and r.name not in inside and g.is_within(r, province) and not g.is_within(own, r)]
    city_above = None  # 西安市 in 西安市雁塔区's text: the city above, unless the district follows it
    if region:
        if own is not None and own.level == "county" and region.endswith(own.name) and region != own.name:
            city = region[:-len(own.name)]  # the label's leading city (西安市 of 西安市雁塔区)
            city_above = city if city in names else None  # by its full name: 大连湾街道 is no 大连市
        names = [n for n in names if n not in region]  # 河北 in 河北省: not another place
        # nor the region's own cities (石家庄 in a Hebei text, by its short name too)
        names = [n for n in names if not any(full.startswith(n) for full in inside)]
        if level_of(region) == "province":  # 珠三角 in Guangdong's own text
            names = [n for n in names if not any(p in region for p in data["within"].get(n, ()))]
    names += data["above"].get(level_of(region) or "", [])
    if own is not None and own.level != "province" and not own.name.endswith("区") \
            and [own, *g.ancestors(own)][-1].name.endswith("自治区"):
        names += data["above_autonomous_region"]  # 全区 in 玉林市's text is 广西
    if city_above:
        return f"(?:{alternation(names)}|{re.escape(city_above)}(?!{re.escape(region[len(city_above):])}))"
    return f"(?:{alternation(names)})"
