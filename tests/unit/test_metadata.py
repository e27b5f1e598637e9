"""Front-matter fields against the hand-made labels of ../shared/corpus."""
from __future__ import annotations

import pytest
import yaml

from generator.build import generate
from generator.errors import Report
from generator.stages.ingest import read_source
from generator.stages.metadata import parse_date
from generator.stages.prepare import clean, extract

from ..conftest import DEV, SEEDS, label_params, labels

FIELDS = ["title", "doc_number", "agency", "date", "doc_type", "region", "proposal_number", "proposer"]


def document(path):
    return extract(clean(read_source(path, Report())))


@pytest.mark.parametrize("label", label_params("seeds"), ids=lambda x: x["file"][:3])
def test_every_seed_field_matches_its_label(label):
    doc = document(SEEDS / label["file"])
    for name in FIELDS + ["published"]:
        if name in label or name != "published":
            assert getattr(doc.meta, name) == label.get(name), name
    assert doc.meta.cited_policies == label["cited_policies"]


def test_dev_corpus_fields_mostly_match():
    """The issue asks for at least 90% of dev fields; titles absent from five texts cost 5 of 80."""
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    ok = total = 0
    misses = []
    for label in labels("dev"):
        doc = document(DEV / label["file"])
        for name in FIELDS:
            total += 1
            if getattr(doc.meta, name) == label[name]:
                ok += 1
            else:
                misses.append((label["file"], name, getattr(doc.meta, name), label[name]))
    assert ok / total >= 0.9, misses


def test_dev_cited_policies_match_labels():
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    for label in labels("dev"):
        doc = document(DEV / label["file"])
        assert set(doc.meta.cited_policies) == set(label["cited_policies"]), label["file"]


def test_unstated_fields_are_null_not_guessed():
    # 004 never names its city: region stays empty; 000 states no date of its own
    assert document(SEEDS / "004_0a6a893f069894ce.txt").meta.region is None
    assert document(SEEDS / "000_d47baeec8c1639fc.txt").meta.date is None


def test_reply_page_layout_fields():
    doc = document(SEEDS / "004_0a6a893f069894ce.txt")
    assert doc.meta.index_number == "005452102/2024-00001"
    assert doc.meta.handling_result == "A"
    assert doc.meta.published == "2024-09-19"


@pytest.mark.parametrize("text, iso", [
    ("2020年6月10日", "2020-06-10"),
    ("二〇二〇年六月十日", "2020-06-10"),
    ("二〇二三年十二月二十二日", "2023-12-22"),
    ("2024-09-19", "2024-09-19"),
    ("2023年13月1日", None),
])
def test_dates(text, iso):
    assert parse_date(text)[0] == iso


def test_sidecar_sets_fields_and_marks_them_curated(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "004_0a6a893f069894ce.txt").write_bytes((SEEDS / "004_0a6a893f069894ce.txt").read_bytes())
    (folder / "004_0a6a893f069894ce.yml").write_text("region: 平顶山市\n", encoding="utf-8")
    result = generate(folder)
    [doc] = result.corpus.documents
    assert doc.meta.region == "平顶山市" and doc.meta.curated == ["region"]
    assert [p for p in result.report.problems if p.file == "004_0a6a893f069894ce.yml"] == []


def test_front_matter_is_yaml_that_round_trips(generated):
    for path, content in generated.files["site_src"].items():
        if path.startswith("documents/") and path != "documents/index.md":
            head = content.split("---\n", 2)[1]
            data = yaml.safe_load(head)
            assert data["id"] == path.removeprefix("documents/").removesuffix(".md")
            assert {"title", "doc_number", "agency", "date", "published", "doc_type", "region",
                    "proposal_number", "proposer", "index_number", "handling_result", "topics",
                    "source"} <= set(data)
