"""What a document is about: its region, its genre (文种) and its topics."""
from __future__ import annotations

import re

from ... import config


def _regions() -> list[dict]:
    return config.load("regions")["regions"]


def region_of(text: str | None) -> str | None:
    """The longest gazetteer name ``text`` starts with."""
    if not text:
        return None
    best = None
    for r in _regions():
        for name in [r["name"], *r.get("aliases", [])]:
            if text.startswith(name) and (best is None or len(name) > len(best[1])):
                best = (r["name"], name)
    return best[0] if best else None


def region_in_text(text: str, min_mentions: int = 2) -> str | None:
    """The region named most often (at least ``min_mentions`` times), by full name."""
    counts = []
    for r in _regions():
        n = sum(text.count(name) for name in [r["name"], *r.get("aliases", [])])
        if n >= min_mentions:
            counts.append((n, -len(r["code"].rstrip("0")), r["name"]))
    return max(counts)[2] if counts else None


def genre(title: str | None, proposal_number: str | None, body_text: str) -> str:
    """The 文种, by the rules of ``data/doc_types.yml`` in order (其他 when none applies)."""
    title = title or ""
    for rule in config.load("doc_types")["rules"]:
        if "reply" in rule:
            if proposal_number and "答复" in body_text and re.search(rule["reply"], proposal_number):
                return rule["type"]
        elif "title" in rule:
            if title and re.search(rule["title"], title):
                return rule["type"]
        elif "text" in rule and not title:
            if re.search(rule["text"], body_text[:600]):
                return rule["type"]
    return "其他"


def topics(title: str, text: str) -> list[str]:
    """The topics of ``data/topics.yml`` the text mentions often enough, or the title names."""
    data = config.load("topics")
    return [topic["name"] for topic in data["topics"]
            if sum(text.count(t) for t in topic["terms"]) >= data["min_mentions"]
            or any(t in title for t in topic["terms"])]
