"""Typed relations as data (relations.csv): replies to one proposal, cites and cited-by,
each with the words it rests on. Corpora are invented replies and notices."""
from __future__ import annotations

import csv
import io

import pytest

from generator.build import generate
from generator.stages.relations import proposal_key

REPLY = ("{agency}\n\n{number}\n\n关于对{proposal}提案的答复\n\n王某委员：\n\n您提出的关于加快科技创新的提案收悉，现答复如下。\n\n"
         "一、加大投入。我们将继续支持企业创新。\n\n以上答复您是否满意，敬请反馈。\n")


@pytest.mark.parametrize("a, b", [
    ("市政协五届二次会议A类第051号", "市政协五届二次会议 A 类第 51 号"),     # spaces, a leading zero
    ("市政协五届二次会议A类第051号", "市政协五届二次会议Ａ类第０５１号"),    # full-width letters and digits
    ("市政协五届二次会议A类第051号", "市政协五届二次会议A类第051号提案"),   # a sidecar writing 提案 after it
    ("区人大（十七届）二次会议第8号", "区人大(十七届)二次会议第8号"),          # brackets
])
def test_one_proposal_number_written_two_ways_is_one_key(a, b):
    assert proposal_key(a) == proposal_key(b)


@pytest.mark.parametrize("a, b", [
    ("市政协五届二次会议A类第051号", "市政协五届二次会议A类第052号"),
    ("市政协五届二次会议A类第051号", "市政协五届二次会议B类第051号"),
    ("市政协五届二次会议A类第051号", "市政协五届三次会议A类第051号"),
    ("市政协五届二次会议A类第51号", "市政协五届二次会议A类第510号"),
])
def test_different_proposals_never_merge(a, b):
    assert proposal_key(a) != proposal_key(b)


@pytest.fixture(scope="module")
def replies(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    docs = {
        "r1": ("某市科学技术局", "某市科函〔2023〕4号", "市政协五届二次会议A类第051号"),
        "r2": ("某市财政局", "某市财函〔2023〕9号", "市政协五届二次会议 A 类第 51 号"),  # the same proposal
        "r3": ("某市科学技术局", "某市科函〔2023〕5号", "市政协五届二次会议A类第052号"),   # another one
    }
    for doc_id, (agency, number, proposal) in docs.items():
        (seeds / f"{doc_id}.txt").write_text(REPLY.format(agency=agency, number=number, proposal=proposal),
                                             encoding="utf-8")
    return generate(seeds)


def relations(result) -> list[dict]:
    return list(csv.DictReader(io.StringIO(result.files["datapackage"]["relations.csv"])))


def test_two_replies_to_one_proposal_reply_to_it_and_are_linked(replies):
    rows = relations(replies)
    answered = {r["source_id"]: r["target_proposal"] for r in rows if r["relation"] == "replies-to"}
    assert answered == {"r1": "市政协五届二次会议A类51号", "r2": "市政协五届二次会议A类51号",
                        "r3": "市政协五届二次会议A类52号"}
    linked = {(r["source_id"], r["target_document_id"]) for r in rows if r["relation"] == "same-proposal"}
    assert linked == {("r1", "r2"), ("r2", "r1")}
    texts = {d.id: d.source.text for d in replies.corpus}
    for r in rows:  # the evidence is the number as each text writes it
        assert texts[r["evidence_document_id"]][int(r["start"]):int(r["end"])] == r["quote"]
    assert {r["source_id"]: r["quote"] for r in rows if r["relation"] == "replies-to"} == {
        "r1": "市政协五届二次会议A类第051号", "r2": "市政协五届二次会议 A 类第 51 号", "r3": "市政协五届二次会议A类第052号"}


def test_the_reply_pages_name_each_other(replies):
    page = replies.files["site_src"]["documents/r1.md"]
    section = page[page.index("### 答复同一提案的其他文件"):]
    assert '<li><a href="r2.md">' in section.split("###")[1]
    assert "</a>：答复同一提案：市政协五届二次会议A类第51号</li>" in section.split("###")[1]
    assert "答复同一提案" not in replies.files["site_src"]["documents/r3.md"]


def test_cites_and_cited_by_rest_on_the_citing_words(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("某市科学技术局\n\n某科发〔2021〕7号\n\n关于印发某市科技创新券管理办法的通知\n\n"
                                 "各县：\n\n现将有关事项通知如下。\n", encoding="utf-8")
    (seeds / "b.txt").write_text("某县科学技术局\n\n关于落实科技创新券政策的通知\n\n各乡镇：\n\n"
                                 "根据《某市科技创新券管理办法》（某科发[2021]7号）要求，做好申报工作。\n", encoding="utf-8")
    rows = relations(generate(seeds))
    cites = [r for r in rows if r["relation"] == "cites"]
    cited_by = [r for r in rows if r["relation"] == "cited-by"]
    assert [(r["source_id"], r["target_document_id"]) for r in cites] == [("b", "a")]
    assert [(r["source_id"], r["target_document_id"], r["evidence_document_id"]) for r in cited_by] == [("a", "b", "b")]
    assert cites[0]["target_policy_id"] == cited_by[0]["target_policy_id"] != ""
    assert cites[0]["quote"] == "《某市科技创新券管理办法》（某科发[2021]7号）"


def test_the_seed_replies_answer_their_proposals(generated):
    # 000 answers A类第051号, 001 A类第044号 (both of 市政协五届二次会议), 004 人大 第172号; none shares one
    rows = relations(generated)
    answered = {r["source_id"][:3]: r["target_proposal"] for r in rows if r["relation"] == "replies-to"}
    assert answered == {"000": "市政协五届二次会议A类51号", "001": "市政协五届二次会议A类44号",
                        "004": "市十二届人大二次会议172号"}
    assert not [r for r in rows if r["relation"] == "same-proposal"]
