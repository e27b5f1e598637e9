"""Search support: the domain dictionary for Chinese segmentation."""
from __future__ import annotations

from . import vocab


def domain_terms() -> list[str]:
    """Terms search must keep whole: topic terms and names from the vocabularies."""
    terms = set()
    for topic in vocab.load("topics")["topics"]:
        terms.add(topic["name"])
        terms.update(topic["terms"])
    return sorted(t for t in terms if len(t) >= 2)
