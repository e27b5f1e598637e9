"""The Frictionless data package: validity, keys, provenance of every row."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import datapackage as package

from ..conftest import ROOT, SEEDS

COMMITTED = ROOT / "datapackage"


@pytest.fixture(scope="module")
def made(tmp_path_factory, generated) -> Path:
    """The package the code makes from the seeds, written to a folder (not the committed copy)."""
    folder = tmp_path_factory.mktemp("package")
    for name, content in generated.files["datapackage"].items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def rows(name: str, folder: Path) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sources() -> dict[str, str]:
    """Decoded source text of every seed, keyed by document id (what offsets index)."""
    return {p.stem: p.read_text(encoding="utf-8-sig") for p in SEEDS.glob("*.txt")}


def frictionless(*args) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("frictionless")
    return subprocess.run([str(exe), *args], capture_output=True, text=True)


@pytest.mark.parametrize("which", ["made", "committed"])
def test_the_package_validates_with_the_frictionless_command(made, which):
    folder = made if which == "made" else COMMITTED
    result = frictionless("validate", str(folder / "datapackage.json"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_indicator_and_citation_quote_is_its_source_span(made):
    text = sources()
    for table in ("indicators.csv", "citations.csv"):
        for r in rows(table, made):
            assert text[r["document_id"]][int(r["start"]):int(r["end"])] == r["quote"], r
    for r in rows("relations.csv", made):
        if r["quote"]:  # a proposal number set by a sidecar may not be in the text
            assert text[r["evidence_document_id"]][int(r["start"]):int(r["end"])] == r["quote"], r


def test_indicators_carry_the_labelled_facts(made):
    # from reading 000: 2022年度我市高新技术企业数量达到139家, 2023 target 144家, 71.25万元 of vouchers
    got = {(r["document_id"][:3], r["value"], r["unit"], r["year"], r["kind"]) for r in rows("indicators.csv", made)}
    assert ("000", "139", "家", "2022", "actual") in got
    assert ("000", "144", "家", "2023", "target") in got
    assert ("000", "71.25", "万元", "2022", "actual") in got
    vouchers = next(r for r in rows("indicators.csv", made) if r["value"] == "71.25")
    assert (vouchers["value_normalized"], vouchers["unit_normalized"]) == ("712500", "元")


TABLES = ["documents", "indicators", "observations", "observation_sources", "citations", "citation_targets",
          "relations"]
KEYS = {  # table → {column: table it refers to}
    "documents": {},
    "indicators": {"document_id": "documents"},
    "observations": {},
    "observation_sources": {"indicator_id": "indicators", "observation_id": "observations",
                            "document_id": "documents"},
    "citations": {"document_id": "documents", "target_id": "citation_targets"},
    "citation_targets": {"document_id": "documents"},
    "relations": {"source_id": "documents", "target_document_id": "documents",
                  "target_policy_id": "citation_targets", "evidence_document_id": "documents"},
}


def test_schema_has_keys_enums_and_bilingual_descriptions(made):
    desc = json.loads((made / "datapackage.json").read_text(encoding="utf-8"))
    assert {"name", "title", "description", "version", "created", "licenses", "sources", "contributors",
            "keywords", "profile"} <= set(desc)
    assert desc["profile"] == "tabular-data-package"
    res = {r["name"]: r for r in desc["resources"]}
    assert [r["name"] for r in desc["resources"]] == TABLES
    for name, r in res.items():
        schema = r["schema"]
        assert r["profile"] == "tabular-data-resource"
        assert schema["primaryKey"] == [schema["fields"][0]["name"]]
        for f in schema["fields"]:
            assert " / " in f["description"], f  # Chinese / English
        keys = {k["fields"][0]: k["reference"]["resource"] for k in schema.get("foreignKeys", [])}
        assert keys == KEYS[name], name
        assert all(k["reference"]["fields"] == ["id"] for k in schema.get("foreignKeys", []))
    kinds = next(f for f in res["indicators"]["schema"]["fields"] if f["name"] == "kind")
    assert kinds["constraints"]["enum"] == ["actual", "target"]
    genres = next(f for f in res["documents"]["schema"]["fields"] if f["name"] == "doc_type")
    assert genres["constraints"]["enum"] == ["提案答复", "建议答复", "实施意见", "工作方案", "通知", "其他"]
    status = next(f for f in res["observations"]["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == ["agreed", "conflict", "single"]


def test_the_descriptor_matches_frictionless_own_schemas(made):
    """frictionless 5 bundles no copy of the v1 tabular-data-package.json; it checks a
    descriptor against its own JSON Schemas of packages, resources and table schemas and
    its tabular rule (every resource a tabular-data-resource). So does this test."""
    import jsonschema
    from frictionless import Package, Resource, Schema

    desc = json.loads((made / "datapackage.json").read_text(encoding="utf-8"))
    jsonschema.validate(desc, Package.metadata_ensure_profile())
    for r in desc["resources"]:
        jsonschema.validate(r, Resource.metadata_ensure_profile())
        jsonschema.validate(r["schema"], Schema.metadata_ensure_profile())
    assert list(Package.metadata_validate(desc)) == []
    broken = dict(desc, resources=[dict(desc["resources"][0], profile="data-resource"), *desc["resources"][1:]])
    notes = [e.note for e in Package.metadata_validate(broken)]
    assert any("tabular-data-package" in n for n in notes), notes


def test_the_readme_lists_the_tables_of_the_package(made):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The data package", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)\.csv` \|", section, flags=re.M)
    desc = json.loads((made / "datapackage.json").read_text(encoding="utf-8"))
    assert listed == [r["name"] for r in desc["resources"]]
    for r in desc["resources"]:  # and every column of each table is named in its row
        row = next(line for line in section.splitlines() if line.startswith(f"| `{r['name']}.csv`"))
        for f in r["schema"]["fields"]:
            assert f"`{f['name']}`" in row, (r["name"], f["name"])


def test_every_citation_has_a_target_or_is_flagged_unresolved(made):
    targets = {r["id"]: r for r in rows("citation_targets.csv", made)}
    for r in rows("citations.csv", made):
        if r["status"] == "unresolved":
            assert r["target_id"] == "" and r["id"].split("-")[-1].startswith("u")
        else:
            t = targets[r["target_id"]]
            assert r["status"] == ("in-corpus" if t["document_id"] else "outside-corpus")
    # 000 and 003 cite one policy: 000 by its title, 003 by title and by 国科发政〔2017〕115号
    cited = {r["document_id"][:3]: r["target_id"] for r in rows("citations.csv", made)
             if r["title"] == "《科技型中小企业评价办法》"}
    assert cited["000"] == cited["003"]
    target = targets[cited["000"]]
    assert (target["doc_number"], target["document_id"], target["citing_documents"]) == ("国科发政〔2017〕115号", "", "2")


def test_the_publisher_of_the_configuration_is_the_package_contributor(tmp_path, monkeypatch):
    from generator import config

    monkeypatch.setenv("GONGKAI_PUBLISHER", "某市大数据中心")
    monkeypatch.setenv("GONGKAI_PUBLISHER_EMAIL", "data@example.org")
    site = config.site(ROOT / "mkdocs.yml")
    assert package.contributors(site) == [{"title": "某市大数据中心", "role": "publisher", "email": "data@example.org"}]
    assert package.contributors(config.Site()) == [{"title": "gongkai 开源项目", "role": "publisher"}]


def broken_copy(made: Path, tmp_path: Path, table: str, edit) -> Path:
    folder = tmp_path / "dp"
    shutil.copytree(made, folder)
    path = folder / table
    data = rows(table, folder)
    edit(data)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(data[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(data)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return folder


def test_a_dangling_foreign_key_fails_validation_readably(made, tmp_path):
    def dangle(data):
        data[0]["document_id"] = "no_such_document"
    folder = broken_copy(made, tmp_path, "indicators.csv", dangle)
    errors = [message for _, message in package.validate(folder)]
    assert errors and any("foreign" in e.lower() or "reference" in e.lower() for e in errors), errors
    result = frictionless("validate", str(folder / "datapackage.json"))
    assert result.returncode != 0


def test_a_citation_of_no_target_fails_validation(made, tmp_path):
    def dangle(data):
        data[0]["target_id"] = "p0000000000"
    errors = [message for _, message in package.validate(broken_copy(made, tmp_path, "citations.csv", dangle))]
    assert errors and any("foreign" in e.lower() or "reference" in e.lower() for e in errors), errors


def test_a_value_outside_an_enum_fails_validation(made, tmp_path):
    def bad_kind(data):
        data[0]["kind"] = "guess"
    errors = package.validate(broken_copy(made, tmp_path, "indicators.csv", bad_kind))
    assert any("kind" in e or "constraint" in e for _, e in errors), errors


def test_created_comes_from_source_date_epoch_or_the_data(monkeypatch, generated):
    from generator import dates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert dates.stamp(package.build_epoch(generated.corpus)) == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # the newest date the seeds state: 004 was published on 2024-09-19
    assert dates.stamp(package.build_epoch(generated.corpus)) == "2024-09-19T00:00:00Z"


def test_the_zip_holds_the_whole_package(generated):
    import zipfile

    files = generated.files["datapackage"]
    with zipfile.ZipFile(io.BytesIO(files[package.ZIP_NAME])) as z:
        assert sorted(z.namelist()) == sorted(n for n in files if n != package.ZIP_NAME)
        assert z.read("documents.csv").decode("utf-8") == files["documents.csv"]


def test_curated_fields_are_flagged(tmp_path):
    from generator.build import generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_0a6a893f069894ce.txt", seeds)
    (seeds / "004_0a6a893f069894ce.yml").write_text("region: 平顶山市\n", encoding="utf-8")
    result = generate(seeds)
    docs = list(csv.DictReader(io.StringIO(result.files["datapackage"]["documents.csv"])))
    assert (docs[0]["region"], docs[0]["region_code"], docs[0]["curated"]) == ("平顶山市", "410400", "region")
