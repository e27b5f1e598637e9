"""Hostile and careless input (issue 11): every finding, with the input that produced it.

No input reaches the site as code, no input crashes the build: each case below is the
exact input given in the issue, built the way an editor or CI builds it.
"""
from __future__ import annotations

import csv
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.site import html_guard
from generator.build import Options, build, generate
from generator.cli import main
from generator.errors import BuildError

from ..conftest import ROOT, SEEDS, serve

CONFIG = ROOT / "mkdocs.yml"
SEED = "002_9b28d59fe74cb8b4.txt"  # states its title and 发文机关; its newest date is 2021-12-30
PARAGRAPH = "为推动科技创新，制定本方案。2022年，全市高新技术企业达到139家。2023年高新技术企业达到144家。\n"


def make(folder: Path, files: dict[str, str | bytes], seed: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if seed:
        shutil.copy(SEEDS / SEED, folder / SEED)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def problems(result_or_error, severity: str | None = None) -> list[tuple[str, str | None]]:
    report = result_or_error.report
    return [(p.code, p.file) for p in report.problems if severity is None or p.severity == severity]


def errors_of(seeds: Path) -> list:
    with pytest.raises(BuildError) as info:
        generate(seeds)
    return info.value.report.errors


def front(page: str) -> dict:
    assert page.startswith("---\n")
    return yaml.safe_load(page[4:page.index("\n---\n", 3)])


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The gongkai command as an editor runs it (a fresh process)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


# --------------------------------------------------------------------------- script injection


HOSTILE = {
    # a cited title in the body text with DEL: it names a policy page
    "cited.txt": "关于测试引用的通知\n各单位：\n依据《<svg/onload=alert(1)>\x7f管理办法》执行。\n" + PARAGRAPH,
    # a layout label with DEL: it names an agency page
    "label.txt": "发文机关：<svg/onload=alert(2)>\x7f局\n发布日期：2024年01月05日\n正文：说明情况。\n",
    # sidecar region and topics with U+0080
    "sidecar.txt": "关于测试地区的通知\n" + PARAGRAPH,
    "sidecar.yml": 'region: "<svg onload=alert(3)>\\u0080区"\ntopics: ["<img src=x onerror=alert(4)>\\u0080", 人才]\n',
    # a sidecar region written as a Markdown link: it reaches the chart's SVG legend
    "chart.txt": "关于测试图表的通知\n" + PARAGRAPH,
    "chart.yml": 'region: "[点我](javascript:alert(5))"\n',
    # a NUL byte in the text and U+0001 in the title
    "nul.txt": "关于\x01测试的通知\n正文\x00一段，说明情况。\n" + PARAGRAPH,
    # a whitespace-only sidecar title, and a title a spreadsheet would run
    "blank.txt": "关于空白标题的通知\n" + PARAGRAPH,
    "blank.yml": 'title: "   "\n',
    "formula.txt": "关于公式的通知\n" + PARAGRAPH,
    "formula.yml": 'title: "=HYPERLINK(\\"http://example.com\\",\\"点此\\")"\n',
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("security")
    seeds = make(root / "seeds", HOSTILE)
    with pytest.MonkeyPatch.context() as mp:  # with an address, so that the feed is written too
        mp.setenv("GONGKAI_SITE_URL", "https://example.org/gongkai/")
        result = build(Options(seeds=seeds, out=root / "out", config=CONFIG))
    server, url = serve(root / "out" / "site")
    yield result, root / "out", url
    server.shutdown()


def test_control_characters_are_removed_at_ingest_and_recorded_with_their_offsets(hostile):
    result, out, _ = hostile
    warned = problems(result, "warning")
    for name in ("cited.txt", "label.txt", "sidecar.yml", "nul.txt"):
        assert ("unsafe-character", name) in warned, name
    page = (out / "site_src" / "documents" / "nul.md").read_text(encoding="utf-8")
    dropped = [d for d in front(page)["dropped"] if d["rule"] == "unsafe-character"]
    assert sorted(d["text"] for d in dropped) == ["U+0000", "U+0001"]
    original = (out / "site_src" / "originals" / "nul.txt").read_text(encoding="utf-8")
    assert original.startswith("关于测试的通知\n正文一段，")  # the published text, which offsets index
    for table in ("documents.csv", "indicators.csv", "citations.csv"):
        assert "\x00" not in (out / "datapackage" / table).read_text(encoding="utf-8")
    for html in (out / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "\x00" not in text and "\x7f" not in text and "\x80" not in text and "\x01" not in text, html


def test_every_generated_page_has_front_matter_that_parses(hostile):
    _, out, _ = hostile
    pages = sorted((out / "site_src").rglob("*.md"))
    assert len(pages) > 20
    for path in pages:
        assert isinstance(front(path.read_text(encoding="utf-8")), dict), path


def test_the_hostile_titles_stay_text_on_the_policy_agency_region_and_topic_pages(hostile):
    _, out, _ = hostile
    site = out / "site"
    titles = {
        "policies": "《&lt;svg/onload=alert(1)&gt;管理办法》",
        "agency": "&lt;svg/onload=alert(2)&gt;局",
        "region": "&lt;svg onload=alert(3)&gt;区",
        "topic": "&lt;img src=x onerror=alert(4)&gt;",
    }
    for folder, escaped in titles.items():
        hits = [p for p in (site / folder).rglob("index.html") if escaped in p.read_text(encoding="utf-8")]
        assert hits, f"no {folder} page shows {escaped}"


def test_a_markdown_link_in_a_region_stays_text_in_the_chart_legend(hostile):
    _, out, _ = hostile
    page = (out / "site" / "indicators" / "high_tech_enterprises" / "index.html").read_text(encoding="utf-8")
    start = page.index("<svg class=\"gk-chart")
    svg = page[start:page.index("</svg>", start) + 6]
    assert "[点我](javascript:alert(5))" in svg
    assert "<a" not in svg and "javascript:alert(5)\"" not in page


def test_a_whitespace_title_gives_no_invisible_link(hostile):
    result, out, _ = hostile
    assert ("empty-sidecar-value", "blank.yml") in problems(result, "warning")
    listing = (out / "site_src" / "documents" / "index.md").read_text(encoding="utf-8")
    assert '<a href="blank.md">关于空白标题的通知</a>' in listing  # the title the text states, not the blank one
    assert not re.search(r"<a [^>]*>\s*</a>|\[\s*\]\(", listing)


def test_a_formula_like_cell_is_kept_exactly_and_warned(hostile):
    result, out, _ = hostile
    assert ("formula-like-cell", "formula.txt") in problems(result, "warning")
    rows = list(csv.DictReader((out / "datapackage" / "documents.csv").open(encoding="utf-8")))
    assert next(r for r in rows if r["id"] == "formula")["title"] == '=HYPERLINK("http://example.com","点此")'


def test_the_feed_and_catalogue_are_well_formed(hostile):
    _, out, _ = hostile
    feed = ET.parse(out / "site" / "feed.xml")
    assert any("关于测试的通知" == (item.findtext("title") or "") for item in feed.iter("item"))
    json.loads((out / "site" / "catalog.jsonld").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- what is not a document


def test_a_symlink_to_a_file_outside_is_refused_naming_it(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    (seeds / "passwd.txt").symlink_to("/etc/passwd")
    errors = errors_of(seeds)
    assert [(p.code, p.file) for p in errors] == [("symlinked-seed", "passwd.txt")]
    assert "/etc/passwd" in errors[0].message


def test_a_symlink_inside_the_folder_is_refused_too(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    (seeds / "copy.txt").symlink_to(seeds / SEED)
    assert [(p.code, p.file) for p in errors_of(seeds)] == [("symlinked-seed", "copy.txt")]


def test_dangling_and_looping_links_fifos_and_folders_are_warned_about(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    (seeds / "gone.txt").symlink_to(seeds / "nowhere.txt")
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "folder.txt").mkdir()
    result = generate(seeds)
    assert sorted(problems(result, "warning")) == [("not-a-file", "folder.txt"), ("not-a-file", "gone.txt"),
                                                    ("not-a-file", "loop.txt"), ("not-a-file", "pipe.txt")]
    assert [d.id for d in result.corpus] == [SEED[:-4]]


def test_a_symlinked_sidecar_is_refused(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("region: 吕梁市\n", encoding="utf-8")
    seeds = make(tmp_path / "seeds", {}, seed=True)
    (seeds / SEED.replace(".txt", ".yml")).symlink_to(outside)
    assert [(p.code, p.file) for p in errors_of(seeds)] == [("symlinked-seed", SEED.replace(".txt", ".yml"))]


# --------------------------------------------------------------------------- sidecars


SIDECAR = SEED.replace(".txt", ".yml")
BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                 + [f"{x}: &{x} [{', '.join(['*' + p] * 9)}]" for p, x in zip("abcdefgh", "bcdefghi")]
                 + ["topics: [*i, *i, *i, *i, *i, *i, *i, *i, *i]"]) + "\n"


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    [error] = errors_of(make(tmp_path / "seeds", {SIDECAR: BOMB}, seed=True))
    assert (error.code, error.file, error.line) == ("unparseable-sidecar", SIDECAR, 1)
    assert "anchors and aliases" in error.message and len(error.message) < 300


def test_a_complex_key_is_refused(tmp_path):
    [error] = errors_of(make(tmp_path / "seeds", {SIDECAR: "? [a, b]\n: 1\n"}, seed=True))
    assert (error.code, error.file) == ("unparseable-sidecar", SIDECAR)
    assert "a field name must be plain text" in error.message


def test_values_in_messages_are_cut_short(tmp_path):
    [error] = errors_of(make(tmp_path / "seeds", {SIDECAR: "doc_type: " + "长" * 5000 + "\n"}, seed=True))
    assert error.code == "wrong-sidecar-type" and len(error.message) < 300


def test_doc_type_null_is_an_error_naming_the_sidecar(tmp_path):
    [error] = errors_of(make(tmp_path / "seeds", {SIDECAR: "doc_type: null\n"}, seed=True))
    assert (error.code, error.file) == ("wrong-sidecar-type", SIDECAR)
    assert "got null" in error.message


def test_a_yml_sidecar_in_upper_case_is_read(tmp_path):
    seeds = make(tmp_path / "seeds", {SEED.replace(".txt", ".YML"): "region: 吕梁市\n"}, seed=True)
    result = generate(seeds)
    assert result.corpus.documents[0].meta.region == "吕梁市"
    assert problems(result, "warning") == []


@pytest.mark.parametrize("value", ['"0000"', '"2150-06-01"', '"2204-01-05"', '"0999-12-31"', '"2024-02-30"'])
def test_sidecar_dates_are_real_dates_of_the_years_1000_to_2999(tmp_path, value):
    seeds = make(tmp_path / "seeds", {SIDECAR: f"date: {value}\n"}, seed=True)
    valid = value in ('"2150-06-01"', '"2204-01-05"')
    if valid:
        assert generate(seeds).corpus.documents[0].meta.date == value.strip('"')
    else:
        [error] = errors_of(seeds)
        assert (error.code, error.file) == ("wrong-sidecar-type", SIDECAR)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("dateline", ["2024年2月30日", "2033年18月21日", "2024年13月1日"])
def test_an_impossible_date_in_the_text_is_a_warning_with_its_line(tmp_path, dateline):
    text = "关于测试日期的通知\n各单位：\n" + PARAGRAPH + "某某局\n" + dateline + "\n"
    result = generate(make(tmp_path / "seeds", {"date.txt": text}))
    [warning] = [p for p in result.report.warnings if p.code == "impossible-date"]
    assert (warning.file, warning.line) == ("date.txt", 5)
    assert dateline in warning.message
    assert result.corpus.documents[0].meta.date is None


def full_build(seeds: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return cli("build", "--seeds", str(seeds), "--out", str(out), "--config", str(CONFIG), *extra, env=env)


def test_dates_far_ahead_or_before_1970_build_the_site_and_zips(tmp_path):
    late = "关于测试的通知\n" + PARAGRAPH + "某某局\n2204年1月5日\n"
    early = "关于旧文的通知\n" + PARAGRAPH + "某某局\n1965年3月1日\n"
    for name, text, year in (("late", late, 2107), ("early", early, 1980)):
        seeds = make(tmp_path / name / "seeds", {f"{name}.txt": text})
        out = tmp_path / name / "out"
        done = full_build(seeds, out, "--offline-zip", str(tmp_path / name / "site.zip"))
        assert done.returncode == 0, done.stderr
        for path in (out / "datapackage" / "gongkai-datapackage.zip", tmp_path / name / "site.zip"):
            with zipfile.ZipFile(path) as z:
                assert {info.date_time[0] for info in z.infolist()} == {year}  # clamped to what ZIP stores


@pytest.mark.parametrize("epoch, ok", [("garbage", False), ("-86400", True), ("99999999999999", False), ("", True)])
def test_source_date_epoch_never_crashes(tmp_path, epoch, ok):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    done = full_build(seeds, tmp_path / "out", "--no-html", env={"SOURCE_DATE_EPOCH": epoch})
    assert "Traceback" not in done.stderr
    if ok:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 1 and "SOURCE_DATE_EPOCH" in done.stderr
        assert not (tmp_path / "out" / "site_src").exists()


def test_a_negative_source_date_epoch_builds_the_html(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    done = full_build(seeds, tmp_path / "out", env={"SOURCE_DATE_EPOCH": "-86400",
                                                    "GONGKAI_SITE_URL": "https://example.org/"})  # a sitemap
    assert done.returncode == 0, done.stderr
    # gzip (the sitemap's .gz) cannot store a time before 1970: MkDocs is given 1970-01-01
    header = (tmp_path / "out" / "site" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 0


# --------------------------------------------------------------------------- offsets and text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_offsets_index_the_published_original_whatever_the_line_ends(tmp_path, newline):
    text = ("关于测试的通知\n各单位：\n2022年，全市高新技术企业达到139家，\n科技型中小企业达到\n512家。\n"
            "依据《某某管理办法》执行。\n").replace("\n", newline)
    seeds = make(tmp_path / "seeds", {"crlf.txt": text.encode("utf-8")})
    result = generate(seeds)
    original = result.files["site_src"]["originals/crlf.txt"]
    assert "\r" not in original
    rows = list(csv.DictReader(io.StringIO(result.files["datapackage"]["indicators.csv"])))
    rows += list(csv.DictReader(io.StringIO(result.files["datapackage"]["citations.csv"])))
    assert len(rows) >= 3
    for row in rows:
        assert original[int(row["start"]):int(row["end"])] == row["quote"]


BIG5_PLAIN = "臺灣省政府科學技術委員會關於推動中小企業創新發展的通知 各縣市政府 為加速產業升級 特訂定本辦法 請查照辦理"
BIG5_TEXT = ("臺北市政府關於推動科技創新的實施意見\n為落實科技創新政策，本市將持續擴大研發投入，"
             "鼓勵企業設立研發中心；截至去年底，全市高新技術企業共一百三十九家。\n")


@pytest.mark.parametrize("text", [BIG5_PLAIN, BIG5_TEXT], ids=["no-punctuation", "with-punctuation"])
def test_big5_is_decoded_as_big5(tmp_path, text):
    seeds = make(tmp_path / "seeds", {"big5.txt": text.encode("big5")})
    result = generate(seeds)
    [doc] = result.corpus.documents
    assert doc.source.encoding in ("cp950", "big5hkscs")
    assert doc.source.text == text
    assert problems(result, "warning") == []


def test_text_in_another_encoding_that_decodes_as_rare_characters_is_warned(tmp_path):
    text = "日本語の文書です。東京都の科学技術政策について、ここに記します。" * 3
    seeds = make(tmp_path / "seeds", {"sjis.txt": text.encode("shift_jis")})
    try:
        result = generate(seeds)
    except BuildError as exc:  # or refused outright: either way never published as if it were right
        assert [p.code for p in exc.report.errors] == ["undecodable-file"]
        return
    assert ("possible-mojibake", "sjis.txt") in problems(result, "warning")


def test_a_document_of_only_numbers_builds_in_strict_mode(tmp_path):
    seeds = make(tmp_path / "seeds", {"一行.txt": "2023年100家\n500家\n1.5亿元\n"})
    # with the site's address: without it the build warns (no-site-url), which --strict refuses
    done = full_build(seeds, tmp_path / "out", "--strict", env={"GONGKAI_SITE_URL": "https://example.org/"})
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- output paths


def test_a_document_named_like_a_listing_page_keeps_its_own_page(tmp_path):
    files = {f"doc{i:03d}.txt": f"关于第{i}号的通知\n正文一段，说明情况。\n" for i in range(120)}
    files["page-2.txt"] = "关于分页名字的通知\n正文是这份文件自己的。\n"
    result = generate(make(tmp_path / "seeds", files))
    pages = result.files["site_src"]
    assert "正文是这份文件自己的" in pages["documents/page-2.md"]
    assert "全部文件" in pages["documents/index--2.md"]


def test_an_agency_or_topic_named_index_gets_its_own_page(tmp_path):
    seeds = make(tmp_path / "seeds", {"a.txt": "关于测试的通知\n正文一段。\n",
                                       "a.yml": "agency: index\ntopics: [index]\n"})
    pages = generate(seeds).files["site_src"]
    assert front(pages["agency/index.md"])["title"] == "按发文机关浏览"
    term = [p for p in pages if p.startswith("agency/index-") and p.endswith(".md")]
    assert len(term) == 1 and front(pages[term[0]])["title"] == "发文机关：index"
    assert any(p.startswith("topic/index-") for p in pages)


def test_two_pages_for_one_path_fail_as_bad_output_path(monkeypatch, tmp_path):
    from generator.output.pages import policies

    real = policies.policy_path
    monkeypatch.setattr(policies, "policy_path", lambda t: "documents/index.md" if not isinstance(t, str) else real(t))
    seeds = make(tmp_path / "seeds", {"a.txt": "关于测试的通知\n依据《某某管理办法》执行。\n"})
    codes = [p.code for p in errors_of(seeds)]
    assert "bad-output-path" in codes


# --------------------------------------------------------------------------- atomicity and leftovers


def test_offline_zip_into_a_missing_folder_fails_before_anything_is_replaced(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    out = tmp_path / "out"
    assert full_build(seeds, out, "--no-html").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (seeds / "new.txt").write_text("关于新文件的通知\n正文。\n", encoding="utf-8")
    done = full_build(seeds, out, "--offline-zip", str(tmp_path / "missing" / "site.zip"))
    assert done.returncode == 1 and "missing" in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_build_uses_no_temporary_folder_outside_its_output(tmp_path, monkeypatch):
    import tempfile

    full = tmp_path / "full"
    full.write_text("", encoding="utf-8")  # TMPDIR unusable: any use of it fails
    monkeypatch.setattr(tempfile, "tempdir", str(full))
    seeds = make(tmp_path / "seeds", {}, seed=True)
    build(Options(seeds=seeds, out=tmp_path / "out", config=CONFIG))
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".gongkai-build")] == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    out = tmp_path / "out"
    leftover = out / ".gongkai-build-killed" / ".gongkai-search-x" / "pages"
    leftover.mkdir(parents=True)
    (leftover / "a.html").write_text("x", encoding="utf-8")
    assert full_build(seeds, out, "--no-html").returncode == 0
    assert not (out / ".gongkai-build-killed").exists()


# --------------------------------------------------------------------------- the cache


def test_the_cache_holds_data_not_code(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    out = tmp_path / "out"
    assert full_build(seeds, out, "--no-html").returncode == 0
    cache = out / ".gongkai-cache"
    [entry] = list(cache.iterdir())
    assert entry.suffix == ".json"
    json.loads(entry.read_text(encoding="utf-8"))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))
    (cache / entry.name.replace(".json", ".pickle")).write_bytes(pickle.dumps(Payload()))
    entry.write_bytes(pickle.dumps(Payload()))
    assert full_build(seeds, out, "--no-html").returncode == 0
    assert not marker.exists()


def test_a_cache_entry_of_the_wrong_shape_is_ignored_with_a_note(tmp_path):
    seeds = make(tmp_path / "seeds", {}, seed=True)
    out = tmp_path / "out"
    build(Options(seeds=seeds, out=out, html=False, config=CONFIG))
    indicators = (out / "datapackage" / "indicators.csv").read_text(encoding="utf-8")
    [entry] = list((out / ".gongkai-cache").iterdir())
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["document"]["blocks"] = [{"kind": "paragraph"}]  # valid JSON, wrong shape
    entry.write_text(json.dumps(data), encoding="utf-8")
    again = build(Options(seeds=seeds, out=out, html=False, config=CONFIG))
    assert ("cache-entry-ignored", SEED) in problems(again, "info")
    assert again.report.stats["prepared"] == 1
    assert (out / "datapackage" / "indicators.csv").read_text(encoding="utf-8") == indicators


# --------------------------------------------------------------------------- no traceback


def test_a_relative_out_with_a_config_elsewhere_builds(tmp_path):
    work = tmp_path / "work"
    make(work / "seeds", {}, seed=True)
    done = cli("build", "--seeds", "seeds", "--out", "public", "--config", str(CONFIG), cwd=work)
    assert done.returncode == 0, done.stderr
    assert (work / "public" / "site" / "index.html").is_file()


def test_an_unexpected_exception_is_one_line_naming_the_file_with_exit_code_70(tmp_path, monkeypatch):
    from generator.stages import prepare

    seeds = make(tmp_path / "seeds", {}, seed=True)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out), "--no-html",
                                     "--config", str(CONFIG)]).exit_code == 0
    before = {p: p.read_bytes() for p in (out / "datapackage").rglob("*") if p.is_file()}

    def broken(doc):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(prepare, "extract", broken)
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out), "--no-html",
                                       "--config", str(CONFIG), "--no-cache"])
    assert result.exit_code == 70
    [line] = result.output.strip().splitlines()
    assert SEED in line and "ZeroDivisionError" in line and "bug" in line and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (out / "datapackage").rglob("*") if p.is_file()} == before


# --------------------------------------------------------------------------- the guards


def test_a_broken_escape_is_caught_by_the_html_guard(tmp_path, monkeypatch):
    from markupsafe import Markup

    from generator.output.pages import common

    monkeypatch.setattr(common, "escape", lambda v: Markup("" if v is None else str(v)))
    seeds = make(tmp_path / "seeds", {"x.txt": "关于<img src=x onerror=alert(1)>的通知\n正文。\n"})
    with pytest.raises(BuildError) as info:
        build(Options(seeds=seeds, out=tmp_path / "out", config=CONFIG))
    assert [p.code for p in info.value.report.errors] == ["unsafe-html"]
    assert not (tmp_path / "out" / "site").exists()


def test_front_matter_that_does_not_parse_back_fails_the_build(tmp_path, monkeypatch):
    from generator.output.pages import common

    real = common.front_matter_block
    monkeypatch.setattr(common, "front_matter_block", lambda data: real(data).replace("title:", "title: [", 1))
    seeds = make(tmp_path / "seeds", {}, seed=True)
    with pytest.raises(BuildError) as info:
        generate(seeds)
    assert {p.code for p in info.value.report.errors} == {"bad-front-matter"}


@pytest.mark.parametrize("html", [
    '<svg/onload=alert(1)>', '<img src=x onerror=alert(1)>', '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">', '<IMG SRC=JaVaScRiPt:alert(1)>', '<a title=">" onclick="x">',
    '<math><a xlink:href="javascript:alert(1)">', '<svg><animate attributeName=href values="javascript:alert(1)"/>',
    '<iframe srcdoc="<b>">', '<object data="x.swf">', '<script>alert(1)</script>', '<SCRIPT>alert(1)',
    '<script src="//evil.example/x.js"></script>', '<script src="https://evil.example/x.js"></script>',
    '<a href="data:text/html,x">', '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<script type="application/ld+json">{not json}</script>', '<div/onmouseover="alert(1)">',
    '<a href=javascript&colon;alert(1)>', '<form action="javascript:alert(1)">',
])
def test_the_html_guard_finds_executable_content(html):
    with pytest.raises(html_guard.UnsafeHTML):
        html_guard.scan("x.html", f"<p>{html}</p>")


def test_the_html_guard_lets_text_and_the_theme_through():
    html_guard.scan("x.html", "<p>&lt;img src=x onerror=alert(1)&gt; onerror=alert(1) javascript:alert(1)</p>"
                              '<a href="../x/">x</a><script src="../assets/javascripts/bundle.js"></script>'
                              '<script type="application/ld+json">{"a": "\\u003cscript"}</script>'
                              '<meta name="description" content="javascript:alert(1），通知">')  # text, not a URL


def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path):
    seeds = make(tmp_path / "seeds", {"\x1b[31mred\x07.txt": "关于测试的通知\n正文。\n"})
    result = generate(seeds)
    [doc] = result.corpus.documents
    assert doc.source.name == "\\x1b[31mred\\x07.txt" and doc.id == "31mred"
    assert "\x1b" not in result.files["datapackage"]["documents.csv"]


@pytest.mark.parametrize("src, ok", [("../assets/javascripts/bundle.js", True), ("/repo/assets/x.js", True),
                                     ("assets/../originals/x.txt", False), ("../originals/x.txt", False),
                                     ("/originals/x.txt", False), ("/a/b/assets/x.js", False)])
def test_scripts_load_only_from_the_sites_own_script_folders(src, ok):
    """An original (a .txt of a document) would run as a script from a <script src>."""
    html = f'<script src="{src}"></script>'
    if ok:
        html_guard.scan("x.html", html)
    else:
        with pytest.raises(html_guard.UnsafeHTML):
            html_guard.scan("x.html", html)


def test_line_breaks_in_a_sidecar_value_become_spaces(tmp_path):
    """A CR in a value would end a CSV row for a reader (Python's csv module leaves it unquoted)."""
    seeds = make(tmp_path / "seeds", {SIDECAR: 'region: "吕梁\\r市"\nproposer: "张\\n三"\n'}, seed=True)
    result = generate(seeds)
    doc = result.corpus.documents[0]
    assert (doc.meta.region, doc.meta.proposer) == ("吕梁 市", "张 三")
    assert "\r" not in result.files["datapackage"]["documents.csv"]
