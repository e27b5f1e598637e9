"""What a document is about: its region, its genre (文种) and its topics."""
from __future__ import annotations

import re

from ... import config
from ...gazetteer import gazetteer
from .patterns import HAN_RUN


def region(agency: str | None, title: str | None, body_text: str, doc_number: str | None = None,
           proposer_unit: str | None = None) -> str | None:
    """The region a document is about (a gazetteer label): its issuer's, else the one its
    title starts with or the only one it names (not as a model: ``title_region_not_after``), or
    the place a press title starts with (泉州：…), else the one a proposer's unit names, else
    the one of the agency a press text's reporter heard from (记者从芜湖市科技局获悉), else
    the one its text names most (at least twice), else the province
    its own 发文字号 starts with (冀政办发 → 河北省)."""
    g = gazetteer()
    found = g.region_of_issuer(agency)
    if found is None and title:
        named = g.find(title)
        if named and named[0].start == 0 and len(named[0].candidates) == 1:
            found = named[0].candidates[0]
        elif named:
            only = _only_division(named)
            if only and not re.search(config.load("metadata")["title_region_not_after"], title[:named[0].start]):
                found = only  # the one division the title names
        else:
            found = _title_place(title)
    if found is None and proposer_unit:  # a proposal's: the one division its proposer's unit names
        found = _only_division(g.find(proposer_unit))
    if found is None:  # a press text's: the agency the reporter heard it from
        source = re.search(config.load("metadata")["press_source"], body_text)
        found = g.region_of_issuer(source.group("source")) if source else None
    if found is None:
        found = g.region_in_text(body_text)
    if found is None and doc_number:
        province = config.load("metadata")["doc_number_provinces"].get(doc_number[0])
        found = g.resolve(province) if province else None
    return g.label(found) if found else None


def _only_division(named: list):
    """The division of the only place named, if the name stands for one division."""
    return named[0].candidates[0] if len(named) == 1 and len(named[0].candidates) == 1 else None


def _title_place(title: str):
    """The division a press title's leading place stands for (泉州：… → 泉州市), if only one
    (or one holding the others: 长沙市, not its 长沙县)."""
    data = config.load("metadata")
    m = re.match(data["title_place"].replace("{han}", HAN_RUN), title)
    if not m:
        return None
    g = gazetteer()
    found = {r for suffix in data["title_place_suffixes"] for r in g.lookup(m.group("place") + suffix)}
    # 长沙：… is 长沙市, not the 长沙县 within it: the one holding all the others
    holding = [r for r in found if all(o == r or g.is_within(o, r) for o in found)]
    return holding[0] if len(holding) == 1 else None


def genre(title: str | None, issued: str | None, proposal_number: str | None, body_text: str) -> str:
    """The 文种, by the rules of ``data/doc_types.yml`` in order (其他 when none applies).

    A notice issuing another document takes the genre of what it issues when that is
    实施意见 or 工作方案, and is a 通知 otherwise (办法, 计划, 若干措施 …), as catalogues
    class such notices.
    """
    data = config.load("doc_types")
    if issued:
        found = _by_rules(data["rules"], issued, None, body_text)
        return found if found in data["issued_keep"] else data["issued_other"]
    return _by_rules(data["rules"], title or "", proposal_number, body_text)


def _by_rules(rules: list[dict], title: str, proposal_number: str | None, body_text: str) -> str:
    for rule in rules:
        if "reply" in rule:
            if proposal_number and re.search(rule["reply_marker"], body_text) and re.search(rule["reply"], proposal_number):
                return rule["type"]
        elif "title" in rule:
            if title and re.search(rule["title"], title):
                return rule["type"]
        elif "text" in rule and not title:
            if re.search(rule["text"], body_text[:600]):
                return rule["type"]
    return config.load("doc_types")["default"]


def topics(title: str, text: str) -> list[str]:
    """The topics of ``data/topics.yml`` the text mentions often enough, or the title names."""
    data = config.load("topics")
    return [topic["name"] for topic in data["topics"]
            if sum(text.count(t) for t in topic["terms"]) >= data["min_mentions"]
            or any(t in title for t in topic["terms"])]
