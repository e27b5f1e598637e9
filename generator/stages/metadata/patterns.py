"""The compiled patterns of ``data/metadata.yml`` and the agency vocabulary."""
from __future__ import annotations

import functools
import re
from types import SimpleNamespace

from ... import config
from ..clean.lines import HAN

HAN_RUN = f"[{HAN}·]"


@functools.cache
def rules() -> SimpleNamespace:
    data = config.load("metadata")
    suffixes = sorted(config.load("agencies")["suffixes"], key=len, reverse=True)

    def rx(key: str) -> re.Pattern:
        return re.compile(data[key].replace("{han}", HAN_RUN))

    return SimpleNamespace(
        date=rx("date"), dateline=rx("dateline"), date_chinese=rx("date_chinese"), date_iso=rx("date_iso"),
        not_after_signature_date=data["not_after_signature_date"],
        proposal=rx("proposal"), proposal_lines=data["proposal_lines"],
        salutation=rx("salutation"), salutation_lines=data["salutation_lines"], handling=rx("handling"),
        title_end=rx("title_end"), field_line=rx("field_line"), title_start=data["title_start"], title_then_number=rx("title_then_number"), issue_wrapper=rx("issue_wrapper"),
        before_issued_title=rx("before_issued_title"), title_period=data["title_period"],
        body_sentence_end=rx("body_sentence_end"), body_long_line=data["body_long_line"],
        header_lines=data["header_lines"],
        agency=re.compile(rf"{HAN_RUN}{{1,30}}?(?:{'|'.join(map(re.escape, suffixes))})"),
        letterhead_suffix=config.load("agencies")["letterhead_suffix"],
        doc_number=re.compile(config.load("citations")["doc_number"]),
        issuer_separator=data["issuer_separator"], issuer_prefixes=tuple(data["issuer_prefixes"]),
        reprint=rx("reprint"), issues_this=rx("issues_this"), issued_notice=data["issued_notice"],
    )


def is_agency(text: str) -> bool:
    r = rules()
    return bool(r.agency.fullmatch(text)) and r.title_start not in text and len(text) <= 30


def letterhead_agency(text: str) -> str | None:
    suffix = rules().letterhead_suffix
    if text.endswith(suffix) and is_agency(text[: -len(suffix)]):
        return text[: -len(suffix)]
    return None


def split_issuers(text: str) -> list[str] | None:
    """The agencies of a joint issuer line (中共河北省委办公厅河北省人民政府办公厅 → both),
    split at 、 and before each division's name; None unless every part is an agency."""
    from ...gazetteer import find

    r = rules()
    parts: list[str] = []
    for piece in text.split(r.issuer_separator):
        cuts = [0]
        for m in find(piece):
            start = m.start
            for prefix in r.issuer_prefixes:
                if piece[max(0, start - len(prefix)):start] == prefix:
                    start -= len(prefix)
            if start > cuts[-1] and is_agency(piece[cuts[-1]:start]):
                cuts.append(start)
        parts += [piece[a:b] for a, b in zip(cuts, cuts[1:] + [len(piece)])]
    return parts if parts and all(is_agency(p) for p in parts) else None


def agency_name(text: str | None) -> str | None:
    """An issuer as the page names it: joint issuers joined by 、."""
    if not text:
        return text
    parts = split_issuers(text)
    return rules().issuer_separator.join(parts) if parts else text
