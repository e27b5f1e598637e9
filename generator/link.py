"""Link: relations across the corpus (citations resolved, regions, agencies, topics)."""
from __future__ import annotations

from .errors import Report
from .model import Corpus


def link(corpus: Corpus, report: Report) -> Corpus:
    return corpus
