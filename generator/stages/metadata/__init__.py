"""Metadata: the front-matter fields a document states about itself.

Fields come from three places, in this order of trust: an editor's sidecar file
(curated), web-page layout labels (索引号, 建议号, 承办单位 …), and the conventions of
official documents (letterhead, 发文字号 line, title, salutation, signature). A field the
text does not state stays ``None``: nothing is guessed.

:func:`read_metadata` returns the metadata and the :class:`Structure` cleaning needs:
which lines became fields (and so leave the body), which parts of lines stay, which are
section headings, where titles lie in the body, and what was dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...model import METADATA_FIELDS, Dropped, Line, Metadata, Note
from . import classify
from .header import read_header, resolve_title
from .layout import parse_date, read_layout
from .patterns import agency_name, is_agency, rules, split_issuers
from .signature import proposal_number, proposer, signature_agency, signature_date

__all__ = ["Structure", "read_metadata", "parse_date"]


@dataclass(frozen=True)
class Structure:
    """How the lines divide into fields and body (see the module docstring)."""

    consumed: frozenset[int]  # line indices that became fields
    replaced: dict  # line index → the parts of it that stay in the body
    sections: frozenset[int]  # layout section labels: headings
    title_spans: tuple[tuple[int, int], ...]  # source spans shown as titles
    splits: frozenset[int]  # source offsets where a glued line splits
    dropped: tuple[Dropped, ...]
    notes: tuple[Note, ...]


def _first(*found: dict) -> dict:
    """Fields from several places, the first place that states a field winning."""
    out: dict = {}
    for fields in found:
        for key, value in fields.items():
            out.setdefault(key, value)
    return out


def read_metadata(lines: list[Line], source: str, sidecar: dict) -> tuple[Metadata, Structure]:
    layout = read_layout(lines, source)
    header = read_header(lines, source, layout.consumed, layout.sections)
    consumed = layout.consumed | header.consumed
    title = resolve_title(lines, header, consumed)
    body_text = "".join(line.text for i, line in enumerate(lines) if i not in consumed)
    signature = signature_date(lines, consumed, header.replaced)
    signer = signature_agency(lines)
    stated = title_in_body(body_text, signer) if not title.title else {}
    numbered = proposal_number(lines)
    fields = _first(layout.fields, header.fields, {"title": title.title} if title.title else {}, stated,
                    {"agency": title.agency or signer, "date": signature.date,
                     "proposal_number": numbered, "proposer": proposer(lines)})
    if numbered and (fields.get("proposal_number") or "").isdigit() and numbered.endswith(f"第{fields['proposal_number']}号"):
        fields["proposal_number"] = numbered  # 提案号：217 and the title's 市政协九届三次会议第217号: the full one
    # a 发布日期 line under the title, or a page's 发布时间 field: the date of a text that is not signed with one
    fields["date"] = fields.get("date") or header.fields.get("dateline_date") or fields.get("published")
    fields["agency"] = agency_name(fields.get("agency"))
    fields["issued_title"] = title.issued or stated.get("issued_title")
    fields.setdefault("region", classify.region(fields.get("agency"), fields.get("title"), body_text,
                                                       fields.get("doc_number"), fields.get("proposer_unit")))
    fields["doc_type"] = classify.genre(fields.get("title"), fields["issued_title"], fields.get("proposal_number"),
                                        body_text)
    fields["topics"] = classify.topics(fields.get("title") or "", body_text)
    meta = Metadata(**{k: v for k, v in fields.items() if k in METADATA_FIELDS})
    structure = Structure(consumed, header.replaced, layout.sections, title.title_spans,
                          title.splits | signature.splits, layout.dropped + header.dropped + title.dropped,
                          layout.notes + signature.notes)
    return apply_sidecar(meta, sidecar), structure


def title_in_body(body_text: str, signer: str | None) -> dict:
    """The title of a text whose title line is missing, where its first sentences state it:
    a press reprint (<issuer>印发《<title>》，全文如下: title and issuer), or a notice that says
    what it issues (《…》…现印发给你们, signed: <signer>关于印发《…》的通知)."""
    r = rules()
    head = body_text[:300]
    m = r.reprint.search(head)
    if m and (is_agency(m.group("issuer")) or split_issuers(m.group("issuer"))):
        return {"title": m.group("title"), "agency": m.group("issuer")}
    m = r.issues_this.search(head)
    if m and signer:
        issued = m.group("title") or m.group("title2")
        return {"title": r.issued_notice.format(issuer=signer, title=issued), "issued_title": issued}
    return {}


def apply_sidecar(meta: Metadata, sidecar: dict) -> Metadata:
    """Fields an editor set by hand win, and are marked curated."""
    if not sidecar:
        return meta
    return replace(meta, **sidecar, curated=sorted(sidecar))
