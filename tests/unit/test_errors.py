"""The problem catalogue, the report and how the command line shows it.

Messages are user interface: the assertions here are on exact text.
"""
from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import CATALOGUE, ERROR, INFO, WARNING, Report

from ..conftest import ROOT, SEEDS

SEED = "003_9af3be580045a0b8.txt"  # a seed that states its title (so it builds without warnings) and undated targets
SEVERITY_WORD = {ERROR: "error", WARNING: "warning", INFO: "note"}


def readme_codes(text: str | None = None) -> dict[str, str]:
    """code → severity from README.md's "Problem codes" table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8") if text is None else text
    section = text.split("## Problem codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (\w+) \|", section, flags=re.M)
    assert rows, "README.md has no Problem codes table"
    return dict(rows)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def seeds_with(tmp_path: Path, files: dict[str, str | bytes], seed: bool = True) -> Path:
    """A seeds folder holding ``files`` (and a good seed unless ``seed`` is False)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    if seed:
        shutil.copy(SEEDS / SEED, folder / SEED)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return folder


def build(seeds: Path, out: Path, *extra: str):
    return run("build", "--seeds", str(seeds), "--out", str(out), "--no-html", "--config",
               str(ROOT / "mkdocs.yml"), *extra)


# --------------------------------------------------------------------------- the catalogue


def test_every_code_is_in_the_readme_table_and_every_row_is_a_code():
    documented = readme_codes()
    assert sorted(documented) == sorted(CATALOGUE)
    for code, kind in CATALOGUE.items():
        assert documented[code] == SEVERITY_WORD[kind.severity], code


def test_the_readme_check_notices_a_missing_or_extra_row():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `duplicate-id` |"))
    assert sorted(readme_codes(text.replace(row + "\n", ""))) != sorted(CATALOGUE)
    extra = text.replace(row, row + "\n| `no-such-code` | error | x |")
    assert sorted(readme_codes(extra)) != sorted(CATALOGUE)
    below = text.replace("## How it works", "## How it works\n\n| `stray-code` | error | not in the table |")
    assert sorted(readme_codes(below)) == sorted(CATALOGUE), "only the Problem codes section counts"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_codes_are_kebab_case_with_a_title_and_a_template_that_formats(code):
    kind = CATALOGUE[code]
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code)
    assert kind.severity in (ERROR, WARNING, INFO)
    assert kind.title and kind.title[0].isupper()
    fields = {name for _, name, _, _ in string.Formatter().parse(kind.template) if name}
    problem = Report().add(code, "x.txt", **{f: f"<{f}>" for f in fields})
    assert "{" not in problem.message and "}" not in problem.message
    for f in fields:
        assert f"<{f}>" in problem.message


def test_a_missing_template_parameter_is_a_bug_not_a_message():
    with pytest.raises(KeyError):
        Report().add("duplicate-id", "a.txt", id="a")  # no `other`


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_is_raised_somewhere_in_the_generator(code):
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py") if p.name != "errors.py"]
    assert any(f'"{code}"' in s for s in sources), f"{code} is catalogued but never reported"


# --------------------------------------------------------------------------- the report


def test_all_problems_are_collected_and_shown_grouped_by_file_with_lines(tmp_path):
    bad_utf8 = "第一行。\n第二行。\n".encode() + b"\xff\xfe\xfd" + "第三行。\n".encode()
    seeds = seeds_with(tmp_path, {
        "b-bad-bytes.txt": bad_utf8,
        "c-empty.txt": "  \n\u3000\n",
        "c-empty.yml": "title: [\n",  # the sidecar of a document that fails is not read
        SEED.replace(".txt", ".yml"): "title: 标题\ntitle: 又一个\n",
    })
    result = build(seeds, tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        SEED.replace(".txt", ".yml"),
        "  错误 error       unparseable-sidecar      line 2    the sidecar cannot be read: the field 'title' is set twice",
        "b-bad-bytes.txt",
        "  错误 error       undecodable-file         line 3    cannot use this file: cannot decode it as UTF-8 "
        "(byte 26: b'\\xff\\xfe\\xfd\\xe7'), nor as GB18030/GBK, Big5 or UTF-16; save it as UTF-8",
        "c-empty.txt",
        "  错误 error       empty-document                     the file is empty or holds only white space; "
        "remove it or add the document's text",
        "Error: build failed: 3 error(s) in the seeds; the previous outputs were kept",
    ]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_report_json_lists_every_problem_with_code_file_line_and_counts(tmp_path):
    seeds = seeds_with(tmp_path, {"orphan.yml": "title: 无主\n"})
    report_file = tmp_path / "report.json"
    result = build(seeds, tmp_path / "out", "--report", str(report_file))
    assert result.exit_code == 0, result.output
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["valid"] is True and report["strict"] is False
    assert report["counts"] == {"error": 0, "warning": 1, "info": len(report["problems"]) - 1}
    assert report["stats"]["documents"] == 1
    [orphan] = [p for p in report["problems"] if p["severity"] == "warning"]
    assert orphan == {
        "code": "orphan-sidecar", "severity": "warning", "file": "orphan.yml", "line": None,
        "message": "no document orphan.txt or orphan.md goes with this sidecar; name it after its document or "
                   "remove it",
        "params": {"stem": "orphan"},
    }
    notes = [p for p in report["problems"] if p["severity"] == "info"]
    assert notes and all(p["file"] == SEED for p in notes)
    assert any(p["code"] == "indicator-without-year" and p["line"] for p in notes)


def test_strict_fails_on_warnings_and_the_report_says_why(tmp_path):
    seeds = seeds_with(tmp_path, {"orphan.yml": "title: 无主\n"})
    report_file = tmp_path / "report.json"
    out = tmp_path / "out"
    result = build(seeds, out, "--strict", "--report", str(report_file))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-3:] == [
        "orphan.yml",
        "  警告 warning     orphan-sidecar                     no document orphan.txt or orphan.md goes with "
        "this sidecar; name it after its document or remove it",
        "Error: build failed: warnings in strict mode; the previous outputs were kept",
    ]
    assert json.loads(report_file.read_text(encoding="utf-8"))["valid"] is False
    assert not (out / "site_src").exists()


def test_notes_are_shown_only_with_verbose(tmp_path):
    seeds = seeds_with(tmp_path, {})
    quiet = build(seeds, tmp_path / "a")
    assert quiet.exit_code == 0 and "提示 note" not in quiet.output
    loud = run("-v", "build", "--seeds", str(seeds), "--out", str(tmp_path / "b"), "--no-html")
    assert loud.exit_code == 0 and "提示 note" in loud.output and "indicator-without-year" in loud.output


def test_an_unwritable_report_path_is_one_clear_line(tmp_path):
    seeds = seeds_with(tmp_path, {})
    result = build(seeds, tmp_path / "out", "--report", str(tmp_path / "no-such-folder" / "r.json"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: cannot write the report to {tmp_path / 'no-such-folder' / 'r.json'}: No such file or directory")
