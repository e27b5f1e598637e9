"""MkDocs hooks of the gongkai site (declared in mkdocs.yml).

on_config: teach jieba the domain's terms (topics and indicator names from the
vocabularies), so search keeps 科技型中小企业 or 高新技术企业 whole.
"""
from __future__ import annotations

import logging

import jieba

from generator.search import domain_terms


def on_config(config, **kwargs):
    jieba.setLogLevel(logging.WARNING)
    for term in domain_terms():
        jieba.add_word(term, freq=200000)
    return config
