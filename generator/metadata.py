"""Metadata: read the front-matter fields a document states about itself.

Fields come from three places, in this order of trust: an editor's sidecar file
(curated), web-page layout labels (索引号, 建议号, 承办单位 …), and the conventions of
official documents (letterhead, 发文字号 line, title, salutation, signature). A field
the text does not state stays ``None``: nothing is guessed.

:func:`read_metadata` returns the metadata and a :class:`Header`: which lines were
consumed into fields (and so leave the body), which were dropped as layout chrome,
which lines are section headings, and where a title repeated in the body lies.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from . import dates, vocab
from .clean import HAN, Line, is_date_line, outline_level
from .model import Dropped, Metadata, Note

HAN_RUN = f"[{HAN}·]"
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
ISO_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
PROPOSAL_RE = re.compile(
    r"[市县区省州]?(?:第?[一二三四五六七八九十\d]{1,3}届)?(?:政协|人大)[^，。、；：“”]{0,16}?会议(?:[A-Z]类)?第\d{1,4}号"
    r"|[市县区省州]?(?:政协|人大)[^，。、；：“”]{0,12}?(?:提案|建议)第\d{1,4}号")
SALUTATION_RE = re.compile(rf"^({HAN_RUN}{{2,4}})(委员|代表|同志|先生|女士)：$")
HANDLING_RE = re.compile(r"^[A-D]$")
TITLE_END_RE = re.compile(
    r"的(通知|意见|实施意见|决定|通报|批复|答复|复函|函|报告|请示|公告|通告|办法|规定|建议)"
    r"(（[^）]{1,20}）)?")
ISSUE_WRAPPER_RE = re.compile(r"关于(?:印发|转发|发布)(.+?)的通知$")


@dataclass
class Header:
    consumed: set[int] = field(default_factory=set)  # line indices that became fields
    dropped: list[Dropped] = field(default_factory=list)
    replaced: dict[int, list[Line]] = field(default_factory=dict)  # lines split or kept in part
    sections: set[int] = field(default_factory=set)  # layout section labels: headings
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    splits: set[int] = field(default_factory=set)  # source offsets where a glued line splits
    notes: list[Note] = field(default_factory=list)  # problems found (impossible dates …)


# --------------------------------------------------------------------------- helpers


@functools.cache
def _agency_re() -> re.Pattern:
    suffixes = sorted(vocab.load("agencies")["suffixes"], key=len, reverse=True)
    return re.compile(rf"{HAN_RUN}{{1,30}}?(?:{'|'.join(map(re.escape, suffixes))})")


def is_agency(text: str) -> bool:
    return bool(_agency_re().fullmatch(text)) and "关于" not in text and len(text) <= 30


def letterhead_agency(text: str) -> str | None:
    suffix = vocab.load("agencies")["letterhead_suffix"]
    if text.endswith(suffix) and is_agency(text[: -len(suffix)]):
        return text[: -len(suffix)]
    return None


@functools.cache
def doc_number_re() -> re.Pattern:
    return re.compile(vocab.load("citations")["doc_number"])


def cn_digits(s: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
    if len(s) == 4:
        return int("".join(str(digits[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + digits[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return digits[a] * 10 + (digits[b] if b else 0)
    return digits[s]


def parse_date(text: str, header: Header | None = None, offset: int | None = None) -> str | None:
    """An ISO date from 2020年6月10日, 二〇二〇年六月十日 or 2024-09-19, if it is a real date
    (see generator/dates.py). An impossible one (2024年2月30日) gives None and, with a
    ``header``, an ``impossible-date`` note at ``offset``."""
    for pattern, conv in ((DATE_RE, int), (CN_DATE_RE, cn_digits), (ISO_DATE_RE, int)):
        m = pattern.search(text)
        if m:
            y, mo, d = (conv(g) for g in m.groups())
            value = dates.iso_date(y, mo, d)
            if value is None and header is not None:
                header.notes.append(Note("impossible-date", offset, {"date": m.group(0)}))
            return value
    return None


def _key(text: str) -> str:
    """Compare titles ignoring spaces, bracket and dash styles."""
    t = re.sub(r"\s+", "", text)
    t = t.translate(str.maketrans("()－—–~～", "（）-----"))
    return t


# --------------------------------------------------------------------------- layout


def parse_layout(lines: list[Line], source: str, meta: dict, header: Header) -> None:
    """Read label/value layouts (web-page bullets and reply forms) into fields."""
    labels: dict = vocab.load("layout_fields")["labels"]
    found = [i for i, line in enumerate(lines) if line.text in labels
             or (line.text.split("：", 1)[0] in labels and "：" in line.text)]
    if len(found) < 2:
        return
    i = 0
    while i < len(lines):
        line = lines[i]
        label, value, value_idx = None, None, None
        if line.text in labels:
            label = line.text
            if i + 1 < len(lines):
                nxt = lines[i + 1]
                if nxt.text not in labels and nxt.bullet == line.bullet and not nxt.text.endswith("："):
                    value, value_idx = nxt.text, i + 1
        elif "：" in line.text and line.text.split("：", 1)[0] in labels:
            label, value = line.text.split("：", 1)
            value = value.strip() or None
        if label is None:
            i += 1
            continue
        target = labels[label]
        if target == "section":
            header.sections.add(i)
            i += 1
            continue
        idxs = [i] + ([value_idx] if value_idx is not None else [])
        if target is None:
            for k in idxs:
                header.consumed.add(k)
                header.dropped.append(Dropped(lines[k].start, lines[k].end,
                                              source[lines[k].start:lines[k].end], "layout-field"))
        else:
            header.consumed.update(idxs)
            header.dropped.append(Dropped(line.start, line.end, source[line.start:line.end], "layout-label"))
            if value and target not in meta:
                if target in ("date", "published"):
                    value = parse_date(value, header, line.start)
                meta[target] = value
        i = (value_idx or i) + 1


# --------------------------------------------------------------------------- header


def body_start(lines: list[Line], header: Header, limit: int = 12) -> int:
    """Index of the first line of the body (salutation, outline heading or prose)."""
    for i, line in enumerate(lines[:limit]):
        if i in header.consumed:
            continue
        t = line.text
        if i in header.sections or t.endswith("：") or outline_level(t):
            return i
        if len(t) > 60 or re.search("[。！？]", t):
            return i
    return min(limit, len(lines))


def split_glued_title(line: Line) -> tuple[Line, Line] | None:
    """Split ``<title>的通知各市…：`` (a title glued to the addressee)."""
    if "关于" not in line.text[:40]:
        return None
    m = TITLE_END_RE.search(line.text)
    if not m or m.end() >= len(line.text) or line.text.index("关于") > m.start():
        return None
    return line.sub(0, m.end()), line.sub(m.end())


def parse_header(lines: list[Line], source: str, meta: dict, header: Header) -> None:
    """Letterhead, 发文字号, handling mark and title lines before the body."""
    start = body_start(lines, header)
    docno = doc_number_re()
    title_parts: list[int] = []
    agency_line: int | None = None
    # the first body line may carry a glued 发文字号 and/or title
    if start < len(lines) and start not in header.sections:
        line = lines[start]
        glued = split_glued_title(line)
        if glued:
            header.replaced[start] = [glued[0], glued[1]]
            meta["_glued_title"] = glued[0]
            line = glued[1]
        m = docno.match(line.text)
        if m and m.end() < len(line.text):
            meta.setdefault("doc_number", m.group(0))
            header.replaced[start] = header.replaced.get(start, [line])[:-1] + [line.sub(m.end())]
            header.dropped.append(Dropped(line.start, line.src(m.end() - 1) + 1, m.group(0), "moved-to-front-matter"))
    for i in range(start):
        if i in header.consumed:
            continue
        t = lines[i].text
        if docno.fullmatch(t):
            meta.setdefault("doc_number", t)
        elif letterhead_agency(t):
            meta.setdefault("agency", letterhead_agency(t))
        elif is_agency(t) and not title_parts:
            meta.setdefault("agency", t)
            agency_line = i
        elif HANDLING_RE.match(t):
            meta.setdefault("handling_result", t)
        else:
            m = docno.match(t)
            if m and title_parts == []:
                meta.setdefault("doc_number", m.group(0))
            title_parts.append(i)
        header.consumed.add(i)
        if i not in title_parts:
            line = lines[i]
            header.dropped.append(Dropped(line.start, line.end, source[line.start:line.end], "moved-to-front-matter"))
    parts = [lines[i] for i in title_parts]
    if "_glued_title" in meta:
        parts.append(meta.pop("_glued_title"))
    title = "".join(p.text for p in parts)
    if title:
        if title.startswith("关于") and agency_line is not None and title_parts and title_parts[0] == agency_line + 1:
            title = lines[agency_line].text + title
        meta.setdefault("_notice_title", title)
        meta["_title_parts"] = (title_parts, parts)


def resolve_title(lines: list[Line], meta: dict, header: Header) -> None:
    """The title: the stated one, or, for a 印发 notice, the issued document's title."""
    notice = meta.pop("_notice_title", None)
    if not notice:
        return
    prefix, sep, _ = notice.partition("关于")
    if sep and prefix and is_agency(prefix):
        meta.setdefault("_agency_from_title", prefix)
    m = ISSUE_WRAPPER_RE.search(notice)
    title = notice
    idxs, parts = meta.pop("_title_parts", ([], []))
    if not m:
        for p in parts:
            header.dropped.append(Dropped(p.start, p.end, p.text, "moved-to-front-matter"))
    if m:
        # a notice issuing another document: the notice's title stays in the body as
        # a heading, the page takes the issued document's title
        header.consumed.difference_update(idxs)
        if parts:
            header.title_spans.append((parts[0].start, parts[-1].end))
        inner = m.group(1).strip()
        bare = inner[1:-1] if inner.startswith("《") and inner.endswith("》") else inner
        title = bare
        found = find_in_body(lines, bare, header)
        if found:
            title = found
    meta.setdefault("title", title)
    meta["_notice"] = notice


def find_in_body(lines: list[Line], title: str, header: Header) -> str | None:
    """Find the issued document's own title line in the body; mark it as a heading."""
    pattern = "".join(
        "[-－—–~～]" if ch in "-－—–~～" else "[（(]" if ch in "（(" else "[）)]" if ch in "）)" else re.escape(ch)
        for ch in _key(title))
    pattern = f"({pattern})" + r"(?:[（(][^（）()]{1,20}[）)])?"  # heading may add (2021-2025)
    idx = [i for i in range(len(lines)) if i not in header.consumed]
    text = ""
    owners: list[tuple[int, int]] = []  # (line index, char offset) per char of text
    body: list[Line] = []
    for i in idx:
        body.extend(header.replaced.get(i, [lines[i]]))
    for n, line in enumerate(body):
        owners.extend((n, k) for k in range(len(line.text)))
        text += line.text
    for m in re.finditer(pattern, text):
        if any(a <= body[owners[m.start()][0]].start < b for a, b in header.title_spans):
            continue  # the notice's own title, not the issued document's
        before = text[max(0, m.start() - 1): m.start()]
        if before and before not in "。：；）)日" and not re.match(r"\d", before):
            continue
        (i0, k0), (i1, k1) = owners[m.start()], owners[m.end() - 1]
        a = body[i0].src(k0)
        b = body[i1].src(k1) + 1
        header.title_spans.append((a, b))
        header.splits.update((a, b))
        return m.group(1)
    return None


# --------------------------------------------------------------------------- fields in the body


def find_signature_date(lines: list[Line], header: Header) -> str | None:
    """The document's own date: a signature date line, or a date glued to the signer.

    Where the signer, the date and the following text are glued on one line, the
    split points are recorded so the body shows a proper signature block.
    """
    agency = _agency_re()
    for i, line in enumerate(lines):
        if i in header.consumed:
            continue
        current = header.replaced.get(i, [line])[-1]
        t = current.text
        if is_date_line(t):
            return parse_date(t, header, current.start)
        prev = lines[i - 1].text if i else ""
        m = DATE_RE.match(t)
        if m and m.end() < len(t) and is_agency(prev) and not t[m.end():].startswith("印发"):
            header.splits.add(current.src(m.end()))
            return parse_date(t, header, current.start)
    for line in lines:
        pattern = rf"(?:^|(?<=[。　]))({agency.pattern})({DATE_RE.pattern})(?!印发)"
        for m in re.finditer(pattern, line.text):
            if is_agency(m.group(1)):
                header.splits.update(line.src(k) for k in (m.start(1), m.end(1), m.end(2)) if k < len(line.text))
                return parse_date(m.group(2), header, line.src(m.start(2)))
    return None


def find_signature_agency(lines: list[Line], header: Header) -> str | None:
    agency = _agency_re()
    for i, line in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if is_agency(line.text) and (is_date_line(nxt) or DATE_RE.match(nxt)):
            return line.text
    for line in lines:
        m = re.search(rf"(?:^|[。　])({agency.pattern})({DATE_RE.pattern})", line.text)
        if m and is_agency(m.group(1)):
            return m.group(1)
    return None


def find_proposal(lines: list[Line]) -> str | None:
    for line in lines[:20]:
        m = PROPOSAL_RE.search(line.text)
        if m:
            return m.group(0)
    return None


def find_proposer(lines: list[Line]) -> str | None:
    for line in lines[:30]:
        m = SALUTATION_RE.match(line.text)
        if m:
            return m.group(1)
    return None


# --------------------------------------------------------------------------- regions, genres, topics


def regions() -> list[dict]:
    return vocab.load("regions")["regions"]


def region_of(text: str | None) -> str | None:
    """The longest gazetteer name ``text`` starts with."""
    if not text:
        return None
    best = None
    for r in regions():
        for name in [r["name"], *r.get("aliases", [])]:
            if text.startswith(name) and (best is None or len(name) > len(best[1])):
                best = (r["name"], name)
    return best[0] if best else None


def region_in_text(text: str, min_mentions: int = 2) -> str | None:
    """The region named most often (at least ``min_mentions`` times), by full name."""
    counts = []
    for r in regions():
        n = sum(text.count(name) for name in [r["name"], *r.get("aliases", [])])
        if n >= min_mentions:
            counts.append((n, -len(r["code"].rstrip("0")), r["name"]))
    return max(counts)[2] if counts else None


def classify(meta: dict, body_text: str) -> str:
    data = vocab.load("doc_types")
    title = meta.get("title") or ""
    for rule in data["rules"]:
        if "reply" in rule:
            if meta.get("proposal_number") and "答复" in body_text and re.search(rule["reply"], meta["proposal_number"]):
                return rule["type"]
        elif "title" in rule:
            if title and re.search(rule["title"], title):
                return rule["type"]
        elif "text" in rule and not title:
            if re.search(rule["text"], body_text[:600]):
                return rule["type"]
    return "其他"


def topics_of(title: str, text: str) -> list[str]:
    data = vocab.load("topics")
    found = []
    for topic in data["topics"]:
        n = sum(text.count(t) for t in topic["terms"])
        if n >= data["min_mentions"] or any(t in title for t in topic["terms"]):
            found.append(topic["name"])
    return found


# --------------------------------------------------------------------------- entry point


def read_metadata(lines: list[Line], source: str, sidecar: dict) -> tuple[Metadata, Header]:
    header = Header()
    meta: dict = {}
    parse_layout(lines, source, meta, header)
    parse_header(lines, source, meta, header)
    resolve_title(lines, meta, header)
    body_text = "".join(line.text for i, line in enumerate(lines) if i not in header.consumed)
    meta.setdefault("agency", meta.pop("_agency_from_title", None) or find_signature_agency(lines, header))
    meta.pop("_agency_from_title", None)
    meta.setdefault("date", find_signature_date(lines, header))
    meta.setdefault("proposal_number", find_proposal(lines))
    meta.setdefault("proposer", find_proposer(lines))
    notice = meta.pop("_notice", None)
    region = (region_of(meta.get("agency")) or region_of(meta.get("title")) or region_of(notice)
              or region_in_text(body_text))
    meta.setdefault("region", region)
    meta["doc_type"] = classify(meta, body_text)
    meta["topics"] = topics_of(meta.get("title") or "", body_text)
    result = Metadata(**{k: v for k, v in meta.items() if k in Metadata.FIELDS})
    return apply_sidecar(result, sidecar), header


def apply_sidecar(meta: Metadata, sidecar: dict) -> Metadata:
    """Fields an editor set by hand win, and are marked curated."""
    if not sidecar:
        return meta
    return replace(meta, **sidecar, curated=sorted(sidecar))
