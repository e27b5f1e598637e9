"""What an editor may drop into seeds/, and what the build does with each.

Every case is a small seeds folder built in tmp_path: encodings give the same pages and
rows as UTF-8; what is not text, empty, clashing or badly named fails with a message that
names the file; odd file names give safe, stable page paths; sidecars are checked field by
field; missing or unusable folders are one clear line; large inputs build in bounded memory.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import generate
from generator.cli import main
from generator.errors import BuildError
from generator.stages.ingest import MAX_ID_BYTES, slugify

from ..conftest import ROOT, SEEDS, dev_files

CONFIG = ROOT / "mkdocs.yml"
GONGKAI = Path(sys.executable).with_name("gongkai")
SEED = "002_9b28d59fe74cb8b4.txt"  # states its title and 发文机关: builds without warnings
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def make_seeds(folder: Path, files: dict[str, str | bytes], seed: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if seed:
        shutil.copy(SEEDS / SEED, folder / SEED)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def build_cli(seeds: Path, out: Path, *extra: str):
    return run("build", "--seeds", str(seeds), "--out", str(out), "--no-html", "--config", str(CONFIG), *extra)


def errors_of(seeds: Path) -> list[tuple[str, str | None, str]]:
    """(code, file, message) of every error a build of ``seeds`` meets."""
    with pytest.raises(BuildError) as info:
        generate(seeds)
    return [(p.code, p.file, p.message) for p in info.value.report.errors]


# --------------------------------------------------------------------------- encodings


def normalised(result) -> dict[str, object]:
    """Every text output, with the source's hash and encoding (which differ by design) masked,
    and what follows from them: the descriptor's hash of each table (documents.csv holds the
    sources' hashes) and the sizes of the files on the data page (the zip compresses them).

    Pages are compared as text, CSV tables row by row without the ``source_sha256`` column.
    """
    out: dict[str, object] = {}
    for name in ("site_src", "datapackage"):
        for path, content in result.files[name].items():
            if isinstance(content, bytes):  # the original files and the zip hold the bytes themselves
                continue
            for doc in result.corpus:
                content = content.replace(doc.source.sha256, "SHA").replace(doc.source.sha256[:29], "SHA")
                content = content.replace(f"encoding: {doc.source.encoding}\n", "encoding: ENC\n")
            content = re.sub(r'"hash": "sha256:[0-9a-f]{64}"', '"hash": "HASH"', content)
            content = re.sub(r"contentSize: \d+ B", "contentSize: N B", content)
            if path.endswith(".csv"):
                rows = list(csv.DictReader(io.StringIO(content)))
                for row in rows:
                    row.pop("source_sha256", None)
                out[f"{name}/{path}"] = rows
            else:
                out[f"{name}/{path}"] = content
    return out


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_other_encodings_give_the_same_pages_and_rows_as_utf8(tmp_path, encoding):
    original, converted = tmp_path / "utf8", tmp_path / encoding
    original.mkdir()
    converted.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:  # 004 has a • that GBK lacks (GB18030 has it)
            continue
        shutil.copy(path, original / path.name)
        (converted / path.name).write_bytes(data)
    assert len(list(converted.iterdir())) >= 4
    want, got = generate(original), generate(converted)
    assert {d.source.encoding for d in want.corpus} == {"utf-8"}
    assert all(d.source.encoding.replace("_", "-") in (encoding, "gb18030") for d in got.corpus)
    assert [d.source.text for d in got.corpus] == [d.source.text for d in want.corpus]
    a, b = normalised(want), normalised(got)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    assert a["datapackage/indicators.csv"], "the rows compared are not empty"


def test_the_source_block_says_how_a_file_was_decoded(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {"gbk.txt": (SEEDS / SEED).read_text(encoding="utf-8").encode("gbk")},
                       seed=False)
    result = generate(seeds)
    page = result.files["site_src"]["documents/gbk.md"]
    front = yaml.safe_load(page.split("---\n", 2)[1])
    assert front["source"]["encoding"] == "gb18030"
    # the original is published decoded, as UTF-8 text: the text every offset indexes
    assert result.files["site_src"]["originals/gbk.txt"] == (SEEDS / SEED).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- not text


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "关于印发的通知")
    return buf.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("图片.txt", PNG, "cannot use this file: this is a PNG image, not text"),
    ("archive.txt", zip_bytes(), "cannot use this file: this is a ZIP archive (or a Word/Excel file), not text"),
    ("report.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "cannot use this file: this is a PDF document, not text"),
    ("latin1.txt", "Café résumé, naïve".encode("latin-1"),
     "cannot use this file: cannot decode it as UTF-8 (byte 3: b'\\xe9 r\\xe9'), nor as GB18030/GBK, Big5 or "
     "UTF-16; save it as UTF-8"),
    ("controls.txt", b"\x00\x01\x02\x03\x04\x05abc\x06\x07\x08", "cannot use this file: it holds binary data, not text"),
    ("bad-bom.txt", b"\xef\xbb\xbf" + "正文".encode() + b"\xff",
     "cannot use this file: it starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte 9); "
     "save it again as UTF-8"),
    ("odd-utf16.txt", b"\xff\xfe" + "正文".encode("utf-16-le") + b"\x00",
     "cannot use this file: it starts with a UTF-16 byte-order mark but is not valid UTF-16 (byte 6); "
     "save it again as UTF-8"),
])
def test_what_is_not_text_fails_naming_the_file(tmp_path, name, content, message):
    seeds = make_seeds(tmp_path / "seeds", {name: content})
    assert errors_of(seeds) == [("undecodable-file", name, message)]
    out = tmp_path / "out"
    result = build_cli(seeds, out)
    assert result.exit_code == 1
    assert f"{name}\n  错误 error       undecodable-file" in result.stderr
    assert not (out / "site_src").exists()


def test_random_bytes_are_never_published(tmp_path):
    rng = __import__("random").Random(6)
    for k in range(20):
        data = bytes(rng.randrange(256) for _ in range(2000))
        seeds = make_seeds(tmp_path / f"s{k}", {"noise.txt": data})
        assert [e[:2] for e in errors_of(seeds)] == [("undecodable-file", "noise.txt")]


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", "\u3000\u3000\n\u3000".encode(), b"\xef\xbb\xbf",
                                     "\ufeff \n".encode("utf-16")])
def test_an_empty_or_white_file_is_an_error_never_an_empty_page(tmp_path, content):
    seeds = make_seeds(tmp_path / "seeds", {"空白.txt": content})
    assert errors_of(seeds) == [("empty-document", "空白.txt", "the file is empty or holds only white space; "
                                 "remove it or add the document's text")]


# --------------------------------------------------------------------------- clashes


def test_two_files_with_one_id_after_slugging(tmp_path):
    text = (SEEDS / SEED).read_bytes()
    seeds = make_seeds(tmp_path / "seeds", {"a b.txt": text, "a-b.md": text, "Ａ-B.txt": text}, seed=False)
    assert errors_of(seeds) == [
        ("duplicate-id", "a-b.md", "its page id 'a-b' is also the id of a b.txt; rename one of the two files"),
        ("duplicate-id", "Ａ-B.txt", "its page id 'A-B' is also the id of a b.txt; rename one of the two files"),
    ]


def test_two_documents_with_one_doc_number(tmp_path):
    seed = "003_9af3be580045a0b8.txt"  # 吕政办发〔2020〕42号
    text = (SEEDS / seed).read_text(encoding="utf-8")
    seeds = make_seeds(tmp_path / "seeds", {"copy.txt": text.replace("〔2020〕", "[2020]"), seed: text}, seed=False)
    assert errors_of(seeds) == [
        ("duplicate-doc-number", "copy.txt", f"its 发文字号 吕政办发[2020]42号 is also the 发文字号 of {seed}; "
                                             "remove the copy or correct it in a sidecar"),
    ]


# --------------------------------------------------------------------------- file names


ODD_NAMES = {  # file name → the page id it must get
    "我的 文件 (2024).txt": "我的-文件-2024",
    "--help.txt": "help",
    "-rf .md": "rf",
    "..a..txt": "a",
    "a..b.txt": "a-b",
    "报告#1?&<x>.txt": "报告-1-x",
    "ＦＵＬＬ　ｗｉｄｔｈ.txt": "FULL-width",
    "tab\tand\nnewline.txt": "tab-and-newline",
    "x\u202egnp.exe.txt": "x-gnp-exe",
}


def written_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_odd_file_names_give_safe_stable_page_paths_and_nothing_leaves_the_output(tmp_path, monkeypatch):
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    seeds = make_seeds(tmp_path / "in" / "seeds", {}, seed=False)
    for k, name in enumerate(ODD_NAMES):
        (seeds / name).write_text(text.replace("文水县教科局", f"文水县教科局{k}"), encoding="utf-8")
    out = tmp_path / "in" / "out"
    temp = tmp_path / "tmp"  # this build's TMPDIR (other builds may share the machine's)
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = written_files(tmp_path)
    result = run("build", "--seeds", str(seeds), "--out", str(out), "--config", str(CONFIG))
    assert result.exit_code == 0, result.output
    new = written_files(tmp_path) - before
    assert new and all(p == out or out in p.parents for p in new), sorted(p for p in new if out not in p.parents)
    assert list(temp.iterdir()) == [], "nothing is left in TMPDIR"
    assert not list(out.glob(".gongkai-build-*"))
    pages = {p.stem for p in (out / "site_src" / "documents").glob("*.md")} - {"index"}
    assert pages == set(ODD_NAMES.values())
    for page_id in pages:
        assert (out / "site" / "documents" / page_id / "index.html").is_file()
        assert not page_id.startswith(("-", ".")) and "/" not in page_id and ".." not in page_id
    # stable: the same names give the same paths again
    assert {slugify(Path(n).stem) for n in ODD_NAMES} == pages


def test_an_id_too_long_for_a_file_name_is_cut_and_made_unique(tmp_path):
    names = ["ﷺ" * 14 + ".txt", "ﷺ" * 13 + "x.txt"]  # NFKC makes each ﷺ 18 characters
    seeds = make_seeds(tmp_path / "seeds", {n: (SEEDS / SEED).read_text(encoding="utf-8").replace("文水", f"文水{k}")
                                            for k, n in enumerate(names)}, seed=False)
    result = generate(seeds)
    ids = sorted(d.id for d in result.corpus)
    assert len(set(ids)) == 2
    for doc_id in ids:
        assert len(doc_id.encode("utf-8")) <= MAX_ID_BYTES and re.search(r"-[0-9a-f]{8}$", doc_id)
        assert f"documents/{doc_id}.md" in result.files["site_src"]
    assert ids == sorted(slugify(Path(n).stem) for n in names)


def test_a_long_chinese_file_name_builds_the_whole_site(tmp_path):
    """A file named after its title, as editors do: 37 characters, 111 bytes of UTF-8 (and
    333 once percent-encoded in a URL, more than a file name may have)."""
    name = "关于加大小微企业科技发展与创新力度的建议的答复函（市十二届人大二次会议第172号）.txt"
    seeds = make_seeds(tmp_path / "seeds", {name: (SEEDS / SEED).read_bytes()}, seed=False)
    out = tmp_path / "out"
    result = run("build", "--seeds", str(seeds), "--out", str(out), "--config", str(CONFIG))
    assert result.exit_code == 0, result.output[-600:]
    page_id = slugify(Path(name).stem)
    assert (out / "site" / "documents" / page_id / "index.html").is_file()


def test_a_name_that_is_not_utf8_is_refused_by_name(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {})
    (seeds / os.fsdecode(b"bad-\xff\xfe.txt")).write_bytes((SEEDS / SEED).read_bytes())
    assert errors_of(seeds) == [("bad-file-name", "bad-\\xff\\xfe.txt",
                                 "the file name is not valid UTF-8; rename it with letters or digits")]
    result = build_cli(seeds, tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("name, code, message", [
    ("....txt", "bad-file-name", "the file name has no letter or digit to make a page id of; rename it with "
                                 "letters or digits"),
    ("（）.txt", "bad-file-name", "the file name has no letter or digit to make a page id of; rename it with "
                               "letters or digits"),
    ("index.txt", "reserved-id", "its page id 'index' is the name of a listing page of the site; rename the file"),
    ("README.md", "reserved-id", "its page id 'README' is the name of a listing page of the site; rename the file"),
])
def test_names_that_give_no_usable_id(tmp_path, name, code, message):
    seeds = make_seeds(tmp_path / "seeds", {name: (SEEDS / SEED).read_bytes()})
    assert errors_of(seeds) == [(code, name, message)]


# --------------------------------------------------------------------------- sidecars


SIDECAR = SEED.replace(".txt", ".yml")


@pytest.mark.parametrize("sidecar, code, line, message", [
    ("title: [unclosed\n", "unparseable-sidecar", 2,
     "the sidecar cannot be read: expected ',' or ']', but got '<stream end>'"),
    ("region: 文水县\nregion: 吕梁市\n", "unparseable-sidecar", 2,
     "the sidecar cannot be read: the field 'region' is set twice"),
    ("- title\n- region\n", "unparseable-sidecar", None, "the sidecar cannot be read: expected lines of field: value"),
    ("title: 标题\n".encode("gbk"), "unparseable-sidecar", 1,
     "the sidecar cannot be read: it is not UTF-8 text; save it as UTF-8"),
    ("titel: 标题\n", "unknown-sidecar-field", None,
     "unknown field 'titel'; did you mean 'title'? allowed fields: title, issued_title, doc_number, agency, date, "
     "published, "
     "doc_type, region, proposal_number, proposer, index_number, handling_result, topics"),
    ("作者: 某人\n", "unknown-sidecar-field", None,
     "unknown field '作者'; allowed fields: title, issued_title, doc_number, agency, date, published, doc_type, region, "
     "proposal_number, proposer, index_number, handling_result, topics"),
    ("proposal_number: 172\n", "wrong-sidecar-type", None,
     "field 'proposal_number' must be text (put it in quotes), got a number (172)"),
    ("region: [文水县]\n", "wrong-sidecar-type", None, "field 'region' must be text (put it in quotes), got a list"),
    ("title: yes\n", "wrong-sidecar-type", None,
     "field 'title' must be text (put it in quotes), got true/false (True)"),
    ("topics: 人才\n", "wrong-sidecar-type", None, "field 'topics' must be a list of text, got str"),
    ("topics: [人才, 3]\n", "wrong-sidecar-type", None, "field 'topics' must be a list of text, got ['人才', 3]"),
    ("date: 2024-13-45\n", "wrong-sidecar-type", None,
     "field 'date' must be a date YYYY, YYYY-MM or YYYY-MM-DD of the years 1000–2999, got '2024-13-45'"),
    ("published: 2024-02-30\n", "wrong-sidecar-type", None,
     "field 'published' must be a date YYYY, YYYY-MM or YYYY-MM-DD of the years 1000–2999, got '2024-02-30'"),
    ("doc_type: 白皮书\n", "wrong-sidecar-type", None,
     "field 'doc_type' must be one of 提案答复, 建议答复, 实施意见, 工作方案, 通知, 其他, got '白皮书'"),
])
def test_a_bad_sidecar_fails_naming_the_file_and_the_field(tmp_path, sidecar, code, line, message):
    seeds = make_seeds(tmp_path / "seeds", {SIDECAR: sidecar})
    with pytest.raises(BuildError) as info:
        generate(seeds)
    assert [(p.code, p.file, p.line, p.message) for p in info.value.report.errors] == [(code, SIDECAR, line, message)]


def test_good_sidecar_values_are_taken_as_written(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {SIDECAR: 'title: "a: b"\npublished: 2024\ndate: 2024-09-19\n'
                                                      "topics: [人才]\nregion: null\n"})
    doc = generate(seeds).corpus.documents[0]
    assert (doc.meta.title, doc.meta.published, doc.meta.date, doc.meta.topics, doc.meta.region) == \
        ("a: b", "2024", "2024-09-19", ["人才"], None)
    assert doc.meta.curated == ["date", "published", "region", "title", "topics"]


def test_a_sidecar_may_be_named_after_the_page_id(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {"文水 方案.txt": (SEEDS / SEED).read_bytes(), "文水-方案.yml": "region: 吕梁市\n"},
                       seed=False)
    [doc] = generate(seeds).corpus.documents
    assert doc.id == "文水-方案" and doc.meta.region == "吕梁市" and doc.source.sidecar_name == "文水-方案.yml"


def test_a_sidecar_without_a_document_is_a_warning(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {"002.yml": "region: 吕梁市\n"})
    result = generate(seeds)
    assert [(p.code, p.file) for p in result.report.warnings] == [("orphan-sidecar", "002.yml")]


# --------------------------------------------------------------------------- folders


def one_line(result) -> str:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.splitlines()) == 1, result.output
    return result.output.rstrip("\n")


def test_missing_seeds_folder(tmp_path):
    seeds = tmp_path / "nowhere"
    assert one_line(build_cli(seeds, tmp_path / "out")) == \
        f"Error: the seeds folder {seeds} does not exist; create it or pass --seeds DIR"


def test_empty_seeds_folder(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "notes.docx").write_bytes(b"PK\x03\x04")  # not a *.txt or *.md: not a document
    assert one_line(build_cli(seeds, tmp_path / "out")) == \
        f"Error: the seeds folder {seeds} holds no *.txt or *.md file; add a document and build again"


def test_seeds_path_that_is_a_file(tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("正文", encoding="utf-8")
    assert one_line(build_cli(seeds, tmp_path / "out")) == \
        f"Error: cannot list the seeds folder {seeds}: it is a file, not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes folders whatever their mode")
def test_unreadable_seeds_folder(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {})
    seeds.chmod(0)
    try:
        assert one_line(build_cli(seeds, tmp_path / "out")) == \
            f"Error: cannot list the seeds folder {seeds}: Permission denied"
    finally:
        seeds.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes folders whatever their mode")
def test_unreadable_document(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {"locked.txt": "正文。"})
    (seeds / "locked.txt").chmod(0)
    assert errors_of(seeds) == [("unreadable-file", "locked.txt", "cannot read the file: Permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes folders whatever their mode")
def test_unwritable_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert one_line(build_cli(make_seeds(tmp_path / "seeds", {}), out)) == \
            f"Error: cannot write to {out}: Permission denied"
    finally:
        out.chmod(0o755)


def test_output_path_that_is_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("x")
    assert one_line(build_cli(make_seeds(tmp_path / "seeds", {}), out)) == \
        f"Error: cannot write to {out}: it is a file, not a folder; move it away"


def test_output_below_a_file(tmp_path):
    blocker = tmp_path / "public"
    blocker.write_text("x")
    assert one_line(build_cli(make_seeds(tmp_path / "seeds", {}), blocker / "out")) == \
        f"Error: cannot write to {blocker}: it is a file, not a folder; move it away"


def test_an_output_file_in_the_way(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage").write_text("x")
    assert one_line(build_cli(make_seeds(tmp_path / "seeds", {}), out)) == \
        f"Error: cannot write to {out / 'datapackage'}: it is a file, not a folder; move it away"
    assert (out / "datapackage").read_text() == "x"


def test_a_missing_mkdocs_configuration(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {})
    result = run("build", "--seeds", str(seeds), "--out", str(tmp_path / "out"), "--config", str(tmp_path / "no.yml"))
    assert one_line(result) == (f"Error: MkDocs could not build the site: the configuration {tmp_path / 'no.yml'} "
                                "does not exist; pass --config FILE")


def test_outputs_never_replace_the_seeds(tmp_path):
    seeds = make_seeds(tmp_path / "site_src", {})
    assert one_line(build_cli(seeds, tmp_path)) == \
        f"Error: the output folder {tmp_path / 'site_src'} holds or is the seeds folder {seeds}; choose another --out"
    assert (seeds / SEED).is_file()


# --------------------------------------------------------------------------- size


def measured_build(seeds: Path, out: Path, *extra: str, timeout: float) -> tuple[int, str]:
    """Run ``gongkai build`` in a child process; returns (peak RSS in MB, output). How long
    it takes is the benchmarks' to measure (``timeout`` only stops a build that hangs)."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n"
             "sys.stderr.write(r.stdout + r.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(GONGKAI), "build", "--seeds", str(seeds),
                           "--out", str(out), "--config", str(CONFIG), *extra],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    rss_kb, code = map(int, done.stdout.split())
    assert code == 0, done.stderr
    return rss_kb // 1024, done.stderr


def corpus_text() -> str:
    files = sorted(SEEDS.glob("*.txt")) + dev_files()
    return "\n\n".join(p.read_text(encoding="utf-8") for p in files)


def test_a_document_of_one_200000_character_line(tmp_path):
    """One line, its words separated by single spaces (each starts a new run of source offsets),
    repeating itself (the repeated-body detector cuts inside the line). Quadratic steps on a
    long line (character-by-character ``Line.src``) took minutes here; the build takes seconds."""
    line = " ".join(s.strip() for s in corpus_text().splitlines() if s.strip())
    line = (line + " ") * (200_000 // len(line) + 1)
    seeds = make_seeds(tmp_path / "seeds", {"一行.txt": line[:200_000]}, seed=False)
    rss, output = measured_build(seeds, tmp_path / "out", timeout=300)  # a quadratic step would time out
    assert "1 documents" in output
    page = (tmp_path / "out" / "site_src" / "documents" / "一行.md").read_text(encoding="utf-8")
    assert "关于对市政协五届二次会议A类第051号提案的答复" in page
    assert (tmp_path / "out" / "site" / "documents" / "一行" / "index.html").is_file()
    assert rss < 1500, f"peak RSS {rss} MB"


def test_a_20_mb_document_builds_in_bounded_memory(tmp_path):
    """20 MB of real document text (the corpus, its years varied so copies differ), without the
    HTML: MkDocs renders a 20 MB page in about 80 s more and lifts the peak to about 1.3 GB."""
    chunk, parts, size, k = corpus_text(), [], 0, 0
    while size < 20_000_000:
        piece = chunk.replace("2023", str(1990 + k % 30)) + f"\n\n附件{k}\n\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        k += 1
    seeds = make_seeds(tmp_path / "seeds", {"大文件.txt": "".join(parts)}, seed=False)
    assert (seeds / "大文件.txt").stat().st_size >= 20_000_000
    rss, output = measured_build(seeds, tmp_path / "out", "--no-html", timeout=600)
    assert "1 documents" in output
    rows = (tmp_path / "out" / "datapackage" / "indicators.csv").read_text(encoding="utf-8").count("\n")
    assert rows > 1000
    assert rss < 1500, f"peak RSS {rss} MB"  # its time is the benchmarks' to measure, not a test's


def test_a_document_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.stages.ingest.MAX_BYTES", 1000)
    seeds = make_seeds(tmp_path / "seeds", {"big.txt": "正文。" * 2000}, seed=False)
    assert errors_of(seeds) == [("file-too-large", "big.txt", "the file has 18 KB, more than the 1000 bytes a "
                                 "document may have; split it or check it is a document")]


# --------------------------------------------------------------------------- output paths


def test_generated_paths_that_clash_fail_the_build_before_writing(tmp_path):
    seeds = make_seeds(tmp_path / "seeds", {"a.txt": (SEEDS / SEED).read_bytes(), "a.yml": "agency: ABC局\n",
                                            "b.txt": (SEEDS / "003_9af3be580045a0b8.txt").read_bytes(),
                                            "b.yml": "agency: abc局\n"}, seed=False)
    assert errors_of(seeds) == [(
        "bad-output-path", None,
        "refusing to write site_src/agency/abc局.md: it clashes with site_src/agency/ABC局.md (one address once case "
        "is set aside); make the two names agree, in a sidecar if they come from the text")]


@pytest.mark.parametrize("path, detail", [
    ("../escape.md", "it would leave its folder or is not a valid file name"),
    ("documents/../../escape.md", "it would leave its folder or is not a valid file name"),
    ("/etc/passwd", "it would leave its folder or is not a valid file name"),
    ("a//b.md", "it would leave its folder or is not a valid file name"),
    ("x\\..\\y.md", "it would leave its folder or is not a valid file name"),
    ("documents/" + "长" * 90 + ".md", "it would leave its folder or is not a valid file name"),
    ("originals/x.md", "MkDocs would publish this original as a page, with any HTML in it"),
    ("documents/x/index.md", "it clashes with site_src/documents/x.md (one address once case is set aside); "
                             "make the two names agree, in a sidecar if they come from the text"),
    ("documents/X.md", None),
    ("documents/README.md", None),
])
def test_unsafe_or_clashing_paths_are_refused(path, detail):
    from generator.output.guards import check_paths
    from generator.errors import Report

    report = Report()
    check_paths({"site_src": {"documents/index.md": "x", "documents/x.md": "x", path: "y"}}, report)
    if detail is None:  # sorted before what it clashes with: the other path is the one refused
        other = {"documents/X.md": "documents/x.md", "documents/README.md": "documents/index.md"}[path]
        path, detail = other, (f"it clashes with site_src/{path} (one address once case is set aside); make the two "
                               "names agree, in a sidecar if they come from the text")
    assert [(p.code, p.message) for p in report.problems] == [("bad-output-path", f"refusing to write site_src/{path}: "
                                                                                  f"{detail}")]
