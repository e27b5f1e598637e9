"""Package: the Frictionless data package of documents, indicators and citations.

Tables are rendered to CSV text in memory; the package descriptor is built with
frictionless objects (Package → Resource → Schema → Field). ``build.py`` writes the
files and then calls :func:`validate` on what it wrote.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from frictionless import Package, Resource, Schema, fields
from frictionless import validate as frictionless_validate

from . import __version__, vocab
from .model import Corpus, Document

log = logging.getLogger(__name__)

PACKAGE_NAME = "gongkai-documents"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
ZIP_NAME = "gongkai-datapackage.zip"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # frictionless field type
    zh: str  # Chinese description
    en: str  # English description
    required: bool = False
    enum: tuple | None = None
    pattern: str | None = None


def document_columns() -> list[Column]:
    f = vocab.load("fields")["documents"]
    types = vocab.load("doc_types")["types"]

    def col(name, type_="string", **kw):
        return Column(name, type_, f[name]["description_zh"], f[name]["description_en"], **kw)

    return [
        col("id", required=True),
        col("title"),
        col("doc_number"),
        col("agency"),
        col("date", pattern=DATE_PATTERN),
        col("published", pattern=DATE_PATTERN),
        col("doc_type", required=True, enum=tuple(types)),
        col("region"),
        col("region_code", pattern=r"\d{6}"),
        col("proposal_number"),
        col("proposer"),
        col("index_number"),
        col("handling_result"),
        col("topics"),
        col("cited_policies"),
        col("source_file", required=True),
        col("source_sha256", required=True, pattern=r"[0-9a-f]{64}"),
        col("curated"),
    ]


INDICATOR_COLUMNS = [
    Column("id", "string", "指标编号（文件编号-q序号，与文件页面上的锚点一致）",
           "Indicator id (document id, -q and a number; the anchor of its sentence on the document page)", True),
    Column("document_id", "string", "所在文件编号", "Id of the document stating it", True),
    Column("subject", "string", "统计对象（按原文）", "What is counted, as the text names it", True),
    Column("indicator", "string", "规范化指标代码（指标词表中没有时为空）",
           "Normalised indicator code from the vocabulary; empty when not in it"),
    Column("value", "string", "数值（按原文，分数、比例或中文数字保留原样）",
           "Value as written (fractions, ratios and Chinese numerals kept as text)", True),
    Column("value_max", "number", "区间上限（如“8至10家”中的10）", "Upper bound of a range (10 in 8至10家)"),
    Column("unit", "string", "单位（按原文，含万、亿等倍数）", "Unit as written, multiplier included (万家, 亿元)"),
    Column("value_normalized", "number", "换算后的数值（如3万家→30000）", "Value in the normalised unit (3万家 → 30000)"),
    Column("unit_normalized", "string", "换算后的单位（如家、元）", "Normalised unit (家, 元)"),
    Column("year", "integer", "数值所指年份（无法确定时为空）", "Year the figure refers to; empty when unknown"),
    Column("year_source", "string", "年份来源：stated 本句所述，list 所在列表或段落的引导句，heading 章节标题，period 文件标题中的规划期，"
           "issue-year 发文年份（今年、年内、目前等）",
           "How the year was found: stated in the sentence, list (the lead sentence of its list or paragraph), "
           "heading (its section heading), period (the plan period in the title), issue-year (the year of issue, "
           "for 今年, 年内, 目前 …)", enum=("stated", "list", "heading", "period", "issue-year")),
    Column("kind", "string", "类型：actual 实际值，target 目标值", "actual (stated value) or target (goal)", True,
           enum=("actual", "target")),
    Column("quote", "string", "原文引文（含数值）", "Verbatim quote from the source containing the number", True),
    Column("start", "integer", "引文在原文中的起始字符位置（从0起）",
           "Character offset of the quote in the decoded source text (0-based)", True),
    Column("end", "integer", "引文在原文中的结束字符位置（不含）", "Character offset just past the quote", True),
]

CITATION_COLUMNS = [
    Column("id", "string", "引用编号", "Citation id", True),
    Column("document_id", "string", "引用方文件编号", "Id of the citing document", True),
    Column("title", "string", "所引政策《标题》（按原文）", "Cited 《title》 as written"),
    Column("doc_number", "string", "所引政策发文字号（按原文）", "Cited issuing number as written"),
    Column("quote", "string", "原文引文", "Verbatim quote of the citation", True),
    Column("start", "integer", "引文起始字符位置", "Character offset of the quote in the source", True),
    Column("end", "integer", "引文结束字符位置（不含）", "Character offset just past the quote", True),
]


def _field(c: Column):
    cls = {"string": fields.StringField, "integer": fields.IntegerField, "number": fields.NumberField}[c.type]
    field = cls(name=c.name, title=c.zh, description=f"{c.zh} / {c.en}")
    constraints = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if c.pattern:
        constraints["pattern"] = c.pattern
    if constraints:
        field.constraints = constraints
    return field


def schema(columns: list[Column], foreign: bool = True) -> Schema:
    s = Schema(fields=[_field(c) for c in columns], primary_key=["id"])
    if foreign and any(c.name == "document_id" for c in columns):
        s.foreign_keys = [{"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["id"]}}]
    return s


def _csv(columns: list[Column], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[c.name for c in columns], lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in rows:
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return format(v, "g") if v != int(v) or abs(v) >= 1e16 else str(int(v))
    if isinstance(v, (list, tuple)):
        return ";".join(map(str, v))
    return str(v)


def region_code(name: str | None) -> str | None:
    for r in vocab.load("regions")["regions"]:
        if r["name"] == name:
            return r["code"]
    return None


def document_row(doc: Document) -> dict:
    m = doc.meta
    row = {name: getattr(m, name) for name in (
        "title", "doc_number", "agency", "date", "published", "doc_type", "region", "proposal_number",
        "proposer", "index_number", "handling_result", "topics", "cited_policies", "curated")}
    row.update(id=doc.id, region_code=region_code(m.region), source_file=doc.source.name,
               source_sha256=doc.source.sha256)
    return row


def indicator_rows(doc: Document) -> list[dict]:
    rows = []
    for n, i in enumerate(doc.indicators):
        rows.append(dict(
            id=f"{doc.id}-q{n + 1}", document_id=doc.id, subject=i.subject, indicator=i.indicator, value=i.value,
            value_max=i.value_max, unit=i.unit, value_normalized=i.value_normalized,
            unit_normalized=i.unit_normalized, year=i.year, year_source=i.year_source, kind=i.kind, quote=i.quote,
            start=i.start, end=i.end))
    return rows


def citation_rows(doc: Document) -> list[dict]:
    return [dict(id=f"{doc.id}-c{n + 1}", document_id=doc.id, title=c.title, doc_number=c.doc_number,
                 quote=c.quote, start=c.start, end=c.end) for n, c in enumerate(doc.citations)]


def created(corpus: Corpus) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the newest date the documents state."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = [d for doc in corpus for d in (doc.meta.date, doc.meta.published) if d]
    newest = max(dates) if dates else "1970-01-01"
    newest = (newest + "-01-01")[:10] if len(newest) < 10 else newest
    return f"{newest}T00:00:00Z"


def epoch_of(created_at: str) -> int:
    return int(dt.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp())


def tables(corpus: Corpus) -> dict[str, str]:
    docs = sorted(corpus, key=lambda d: d.id)
    return {
        "documents.csv": _csv(document_columns(), [document_row(d) for d in docs]),
        "indicators.csv": _csv(INDICATOR_COLUMNS, [r for d in docs for r in indicator_rows(d)]),
        "citations.csv": _csv(CITATION_COLUMNS, [r for d in docs for r in citation_rows(d)]),
    }


def descriptor(corpus: Corpus) -> str:
    """The datapackage.json text."""
    resources = [
        ("documents", "文件", "每份文件一行，含全部结构化字段（人工校订的字段另有标记）",
         "One row per document with every front-matter field (curated fields flagged)", document_columns()),
        ("indicators", "指标", "文中的量化指标，附原文引文及其在原始文件中的字符位置",
         "Quantitative facts with their verbatim quote and character offsets in the source", INDICATOR_COLUMNS),
        ("citations", "引用", "各文件引用的政策文件（《标题》或发文字号，按原文），附引文与位置",
         "Policy documents each document cites (by 《title》 or issuing number, as written), with quote and offsets",
         CITATION_COLUMNS),
    ]
    package = Package(
        name=PACKAGE_NAME,
        title="政府信息公开文件库：文件、指标与引用 / Open government documents: documents, indicators, citations",
        description=(
            "由 gongkai 从政府文件全文生成：每份文件的结构化信息、文中的量化指标（附原文引文与字符位置）"
            "以及所引用的政策文件。Generated by gongkai from the full text of government documents."
        ),
        version=__version__,
        created=created(corpus),
        licenses=[LICENSE],
        sources=[{"title": "Published government documents (seeds/)", "path": "seeds/"}],
        contributors=[{"title": "gongkai", "role": "author"}],
        keywords=["政府信息公开", "open government", "科技创新", "indicators", "政策文件"],
    )
    for name, title, zh, en, columns in resources:
        package.add_resource(Resource(
            name=name, path=f"{name}.csv", title=title, description=f"{zh} / {en}",
            format="csv", mediatype="text/csv", encoding="utf-8", profile="tabular-data-resource",
            schema=schema(columns)))
    import json

    return json.dumps(package.to_descriptor(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def zip_bytes(files: dict[str, str], created_at: str) -> bytes:
    """A deterministic zip of the package files."""
    stamp = dt.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name])
    return buf.getvalue()


def render_package(corpus: Corpus) -> dict[str, str | bytes]:
    """All files of ``datapackage/``."""
    files: dict[str, str | bytes] = dict(tables(corpus))
    files["datapackage.json"] = descriptor(corpus)
    files[ZIP_NAME] = zip_bytes({k: v for k, v in files.items()}, created(corpus))
    return files


def validate(folder: Path) -> list[str]:
    """Frictionless validation of a written package: a list of readable errors."""
    report = frictionless_validate(str(folder / "datapackage.json"))
    if report.valid:
        return []
    errors = []
    for task in report.tasks:
        for e in task.errors:
            where = f"{task.name}" + (f" row {e.row_number}" if getattr(e, "row_number", None) else "")
            errors.append(f"{where}: {e.message}")
    errors.extend(e.message for e in report.errors)
    return errors


def validate_files(files: dict[str, str | bytes]) -> list[str]:
    """Validate package files held in memory (written to a temporary folder)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gongkai-package-") as tmp:
        for name, content in files.items():
            path = Path(tmp) / name
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", newline="\n")
            else:
                path.write_bytes(content)
        return validate(Path(tmp))


DESCRIPTION_ZH = ("政府文件的结构化数据：每份文件的发文字号、发文机关、日期、文种、地区等信息，文中的量化指标"
                  "（附原文引文和字符位置），以及各文件引用的政策文件。")


def dataset_jsonld(tables: list["TableInfo"]) -> dict:
    """schema.org Dataset for the data page (relative URLs; the theme makes them absolute)."""
    dist = [{"@type": "DataDownload", "name": f"{t.name}.csv", "description": t.description,
             "encodingFormat": "text/csv", "contentUrl": f"{t.name}.csv"} for t in tables]
    dist.append({"@type": "DataDownload", "name": "datapackage.json", "description": "Frictionless Data Package descriptor",
                 "encodingFormat": "application/json", "contentUrl": "datapackage.json"})
    dist.append({"@type": "DataDownload", "name": ZIP_NAME, "description": "the whole package as a zip",
                 "encodingFormat": "application/zip", "contentUrl": ZIP_NAME})
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": "政府信息公开文件库：文件、指标与引用", "alternateName": PACKAGE_NAME,
        "description": DESCRIPTION_ZH + " Structured data of government documents: documents, quantitative "
                       "indicators with their source quotes, and cited policies.",
        "license": LICENSE["path"], "isAccessibleForFree": True, "inLanguage": "zh-CN",
        "keywords": ["政府信息公开", "open government", "科技创新", "indicators", "政策文件"],
        "creator": {"@type": "Organization", "name": "gongkai"},
        "version": __version__,
        "distribution": dist,
    }


@dataclass(frozen=True)
class TableInfo:
    name: str
    title: str
    description: str
    columns: list[Column]
    header: list[str]
    rows: list[list[str]]  # a preview
    count: int


def table_infos(files: dict[str, str | bytes], preview: int = 5) -> list[TableInfo]:
    """What the data page shows of each table: dictionary, preview rows, row count."""
    import json

    desc = json.loads(files["datapackage.json"])
    columns = {"documents": document_columns(), "indicators": INDICATOR_COLUMNS, "citations": CITATION_COLUMNS}
    out = []
    for res in desc["resources"]:
        rows = list(csv.reader(io.StringIO(files[res["path"]])))
        out.append(TableInfo(res["name"], res["title"], res["description"], columns[res["name"]], rows[0],
                             rows[1:preview + 1], len(rows) - 1))
    return out
