"""The columns of the data package's tables: name, type, bilingual description, constraints
and the table a column refers to (a foreign key). ``datapackage.py`` makes the rows, the
schemas and the descriptor from these; the data page prints them as the data dictionary."""
from __future__ import annotations

from dataclasses import dataclass

from .. import config
from ..model import RELATIONS
from .observations import STATUSES

CITATION_STATUSES = ("in-corpus", "outside-corpus", "unresolved")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # frictionless field type: string, integer, number, boolean
    zh: str  # Chinese description
    en: str  # English description
    required: bool = False
    enum: tuple | None = None
    pattern: str | None = None
    references: str | None = None  # the table whose id this column holds (a foreign key)


def document_columns() -> list[Column]:
    """The columns of documents.csv: the document fields of data/fields.yml, in order."""
    genres = tuple(config.load("doc_types")["types"])
    return [Column(f.name, "string", f.description_zh, f.description_en, f.required,
                   genres if f.type == "genre" else None, f.pattern) for f in config.fields()]


def _doc(name: str = "document_id", zh: str = "所在文件编号", en: str = "Id of the document stating it",
         required: bool = True) -> Column:
    return Column(name, "string", zh, en, required, references="documents")


QUOTE = [
    Column("quote", "string", "原文引文", "Verbatim quote from the source", True),
    Column("start", "integer", "引文在原文中的起始字符位置（从0起）",
           "Character offset of the quote in the decoded source text (0-based)", True),
    Column("end", "integer", "引文在原文中的结束字符位置（不含）", "Character offset just past the quote", True),
]

INDICATOR_COLUMNS = [
    Column("id", "string", "指标编号（文件编号-q序号，与文件页面上的锚点一致）",
           "Indicator id (document id, -q and a number; the anchor of its sentence on the document page)", True),
    _doc(),
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
    *QUOTE[1:],
]

OBSERVATION_COLUMNS = [
    Column("id", "string", "事实编号（指标代码-地区代码-年份-类型）",
           "Observation id (indicator code, region code, year and kind)", True),
    Column("indicator", "string", "规范化指标代码", "Normalised indicator code", True),
    Column("region", "string", "地区", "Region (as the region pages name it)", True),
    Column("region_code", "string", "地区代码（GB/T 2260）", "Region code (GB/T 2260)", pattern=r"\d{6}"),
    Column("year", "integer", "年份", "Year the fact refers to", True),
    Column("kind", "string", "类型：actual 实际值，target 目标值", "actual or target", True, enum=("actual", "target")),
    Column("unit_normalized", "string", "换算后的单位", "Normalised unit the values are compared in"),
    Column("value", "number", "各出处一致的数值（说法不一、区间或非数字时为空）",
           "The value every source gives (empty when they differ, or for a range or a non-numeric value)"),
    Column("values", "string", "各出处给出的全部不同数值（以分号分隔，区间写作8–10）",
           "Every distinct value the sources give, separated by semicolons (a range as 8–10)", True),
    Column("status", "string", "agreed 各出处一致，conflict 说法不一，single 仅一份文件",
           "agreed (all sources give the same value), conflict (they differ), single (one document)", True,
           enum=STATUSES),
    Column("documents", "integer", "陈述这一事实的文件数", "Number of documents stating the fact", True),
    Column("sources", "string", "出处指标编号（以分号分隔，见 observation_sources.csv）",
           "Ids of the indicator rows stating it, separated by semicolons (see observation_sources.csv)", True),
]

OBSERVATION_SOURCE_COLUMNS = [
    Column("indicator_id", "string", "指标编号（indicators.csv）", "Id of the indicator row (indicators.csv)", True,
           references="indicators"),
    Column("observation_id", "string", "所属事实编号（observations.csv）", "Id of the observation it states", True,
           references="observations"),
    _doc(),
    Column("value", "string", "该出处给出的数值（换算后）", "The value this source gives, normalised", True),
]

CITATION_COLUMNS = [
    Column("id", "string", "引用编号（-c 可确定所指，-u 只写了简称或泛称）",
           "Citation id (-c: a policy it names; -u: an abbreviation or generic name no one can resolve)", True),
    _doc(zh="引用方文件编号", en="Id of the citing document"),
    Column("title", "string", "所引政策《标题》（按原文）", "Cited 《title》 as written"),
    Column("doc_number", "string", "所引政策发文字号（按原文）", "Cited issuing number as written"),
    Column("target_id", "string", "所引政策编号（citation_targets.csv；无法确定所指时为空）",
           "Id of the cited policy (citation_targets.csv); empty when unresolved", references="citation_targets"),
    Column("status", "string", "in-corpus 本站收录，outside-corpus 本站未收录，unresolved 只写了简称或泛称、无法确定所指",
           "in-corpus (a document of this site), outside-corpus (a policy the site does not hold), unresolved "
           "(an abbreviation or generic name such as 《实施方案》: which policy is meant cannot be told)", True,
           enum=CITATION_STATUSES),
    Column("quote", "string", "原文引文", "Verbatim quote of the citation", True),
    Column("start", "integer", "引文起始字符位置", "Character offset of the quote in the source", True),
    Column("end", "integer", "引文结束字符位置（不含）", "Character offset just past the quote", True),
]

TARGET_COLUMNS = [
    Column("id", "string", "政策编号（由发文字号或标题得出，稳定不变）",
           "Policy id (from its issuing number, else its title; stable)", True),
    Column("title", "string", "政策《标题》", "《Title》 of the policy (its 关于印发…的通知 wrapper removed)"),
    Column("doc_number", "string", "发文字号", "Issuing number (发文字号)"),
    _doc(zh="本站收录的该政策文件编号（未收录时为空）", en="Id of the document of this site that is this policy; "
         "empty when the site does not hold it", required=False),
    Column("names", "string", "各文件中的全部写法（以分号分隔）", "Every way the citations write it, separated by semicolons",
           True),
    Column("citations", "integer", "引用次数", "Number of citations of it", True),
    Column("citing_documents", "integer", "引用它的文件数", "Number of documents citing it", True),
]

RELATION_COLUMNS = [
    Column("id", "string", "关系编号", "Relation id", True),
    _doc("source_id", "文件编号", "Id of the document the relation is of"),
    Column("relation", "string", "关系：cites 引用，cited-by 被引用，replies-to 答复提案（建议），"
           "same-proposal 答复同一提案，same-policy 引用相同政策",
           "cites, cited-by, replies-to (answers a proposal or suggestion), same-proposal (another reply to the same "
           "proposal), same-policy (another document citing the same policy)", True, enum=RELATIONS),
    _doc("target_document_id", "相关文件编号（本站文件）", "Id of the related document of this site", required=False),
    Column("target_policy_id", "string", "相关政策编号（citation_targets.csv）", "Id of the policy concerned",
           references="citation_targets"),
    Column("target_proposal", "string", "所答复的提案（建议）号（统一写法：半角、无空格、无“第”和前导零）",
           "Number of the proposal answered, written one way (half-width, no spaces, no 第 or leading zeros)"),
    _doc("evidence_document_id", "引文所在文件编号", "Id of the document whose text holds the quote", required=False),
    Column("quote", "string", "依据：原文引文", "Evidence: verbatim quote"),
    Column("start", "integer", "引文起始字符位置", "Character offset of the quote in that document's source"),
    Column("end", "integer", "引文结束字符位置（不含）", "Character offset just past the quote"),
]
