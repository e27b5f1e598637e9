"""Synthetic corpora made from the real documents, for the scaling benchmark.

Each synthetic document recombines paragraphs of the seeds and the dev corpus (read from
``../shared``, never copied into the project), with varied numbers, regions, agencies,
dates and 发文字号, so that cleaning, extraction and cross-linking do real work. About
3,000 Chinese characters per document. Deterministic for a given N and seed.

    python benchmarks/synth.py N OUT_DIR
"""
from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

REGIONS = ["临汾市", "吕梁市", "文水县", "石家庄市", "唐山市", "保定市", "邯郸市", "衡水市", "太原市", "大同市",
           "晋中市", "运城市", "孝义市", "汾阳市", "侯马市", "霍州市", "廊坊市", "沧州市", "承德市", "邢台市"]
AGENCIES = ["科学技术局", "人民政府办公室", "工业和信息化局", "发展和改革委员会", "教育局"]
GENRES = [("关于{topic}的实施意见", "实施意见"), ("{topic}工作方案", "工作方案"),
          ("关于{topic}的通知", "通知"), ("关于市政协{n}号提案的答复", "提案答复")]
TOPICS = ["支持中小企业科技创新", "加快高新技术企业培育", "推进科技成果转化", "加强科技人才队伍建设",
          "促进产学研深度融合", "实施科技创新券政策", "建设科技企业孵化器", "推动专精特新企业发展"]
SEPARATORS = re.compile(r"\n+|\u3000{2,}")
NUMBER = re.compile(r"(?<![\d〔\[（(年月])(\d+(?:\.\d+)?)(?=[万亿]?[家户个项件人名元%])")


def paragraphs() -> list[str]:
    """Body paragraphs of the real documents (long enough to say something)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    dev = SHARED / "corpus" / "dev"
    held = {s.strip() for s in os.environ.get("GONGKAI_HOLDOUT", "").split(",") if s.strip()}
    if dev.is_dir():  # documents held back from development (GONGKAI_HOLDOUT) are left out
        texts += [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*.txt")) if p.stem not in held]
    out = []
    for t in texts:
        for para in SEPARATORS.split(t):
            para = para.strip(" #\u3000")
            if 40 <= len(para) <= 900 and "。" in para:
                out.append(para)
    return out


def vary_numbers(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        v = float(m.group(1)) * rng.uniform(0.5, 2.0)
        return f"{v:.2f}".rstrip("0").rstrip(".") if "." in m.group(1) else str(max(1, round(v)))
    return NUMBER.sub(repl, text)


def document(i: int, pool: list[str], rng: random.Random) -> str:
    region = rng.choice(REGIONS)
    agency = region + rng.choice(AGENCIES)
    year = rng.randint(2018, 2024)
    title_tpl, _ = rng.choice(GENRES)
    title = title_tpl.format(topic=rng.choice(TOPICS), n=f"A类第{i:03d}")
    short = region[0] + rng.choice(["科", "政办", "工信", "发改"]) + rng.choice(["发", "函", "字"])
    lines = [agency, "", f"{short}〔{year}〕{i}号", "", title, "", "各县（市、区）有关单位：", ""]
    size = 0
    sections = "一二三四五六七八九十"
    k = 0
    while size < 3000:
        if rng.random() < 0.2 and k < len(sections):
            lines += [f"{sections[k]}、{rng.choice(TOPICS)}", ""]
            k += 1
        para = vary_numbers(rng.choice(pool), rng)
        for other in REGIONS:
            para = para.replace(other, region)
        lines += [para, ""]
        size += len(para)
    lines += [agency, "", f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", ""]
    return "\n".join(lines)


def write_corpus(n: int, out: Path, seed: int = 2026) -> Path:
    """Write N synthetic documents into ``out`` (created); returns it."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = paragraphs()
    for i in range(1, n + 1):
        (out / f"s{i:05d}.txt").write_text(document(i, pool, rng), encoding="utf-8")
    return out


if __name__ == "__main__":
    write_corpus(int(sys.argv[1]), Path(sys.argv[2]))
