"""The gongkai command: build, check, options, messages."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from generator.cli import main

from ..conftest import ROOT, SEEDS


def run(*args, cwd=None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_passes_on_the_repository(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "match the seeds" in result.output


def test_check_names_the_files_that_differ(tmp_path, monkeypatch):
    for name in ("seeds", "site_src", "datapackage"):
        shutil.copytree(ROOT / name, tmp_path / name)
    page = next((tmp_path / "site_src" / "documents").glob("000_*.md"))
    page.write_text(page.read_text(encoding="utf-8").replace("许锐委员", "某委员"), encoding="utf-8")
    (tmp_path / "datapackage" / "indicators.csv").unlink()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert f"differs: site_src/documents/{page.name}" in result.output
    assert "differs: datapackage/indicators.csv (missing)" in result.output


def test_build_no_html_writes_pages_and_package_under_out(tmp_path):
    out = tmp_path / "public"
    result = run("build", "--seeds", str(SEEDS), "--out", str(out), "--no-html", "--config",
                 str(ROOT / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert (out / "site_src" / "index.md").is_file()
    assert (out / "datapackage" / "datapackage.json").is_file()
    assert not (out / "site").exists()
    assert "5 documents" in result.output and "pages" in result.output
    assert not list(out.glob(".gongkai-build-*")), "the staging folder is cleaned up"


def test_build_any_folder_of_documents(tmp_path):
    seeds = tmp_path / "docs-in"
    seeds.mkdir()
    shutil.copy(SEEDS / "002_9b28d59fe74cb8b4.txt", seeds / "文水县方案.txt")
    out = tmp_path / "out"
    result = run("build", "--seeds", str(seeds), "--out", str(out), "--config", str(ROOT / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert (out / "site_src" / "documents" / "文水县方案.md").is_file()
    assert (out / "site" / "documents" / "文水县方案" / "index.html").is_file()
    assert "1 documents" in result.output


def test_help_texts_carry_examples():
    for command in ("build", "check", "serve"):
        result = run(command, "--help")
        assert "Example:" in result.output
