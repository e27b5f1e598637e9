"""The open-data views of a built site, read with tools nobody here wrote: rdflib and pySHACL
over the DCAT catalogue, extruct over the pages' JSON-LD (checked against the properties
Google's Dataset documentation names), feedparser over the feed, and the sitemap — with a
site URL and without one."""
from __future__ import annotations

import hashlib
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import Options, build

from ..conftest import ROOT, SEEDS

rdflib = pytest.importorskip("rdflib")
pyshacl = pytest.importorskip("pyshacl")
extruct = pytest.importorskip("extruct")
feedparser = pytest.importorskip("feedparser")

URL = "https://example.org/gongkai/"
SHAPES = ROOT / "tests" / "shapes" / "dcat-ap-3.ttl"
DOCS = {p.stem[:3]: p.stem for p in SEEDS.glob("*.txt")}
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
# Google Search Central, "Dataset" structured data: required and recommended properties.
GOOGLE_REQUIRED = ("name", "description")
GOOGLE_RECOMMENDED = ("alternateName", "creator", "identifier", "isAccessibleForFree", "isPartOf", "keywords",
                      "license", "spatialCoverage", "temporalCoverage", "variableMeasured", "version", "url",
                      "includedInDataCatalog", "distribution")
# not applicable here: citation (no publication describes the data), funder, hasPart, isBasedOn,
# measurementTechnique / measurementMethod, sameAs (no other copy of the data set exists)


@pytest.fixture(scope="module", params=["with site URL", "without site URL"])
def site(request, tmp_path_factory):
    """(out folder, site URL or None, the build's result), built once each way."""
    mp = pytest.MonkeyPatch()
    url = URL if request.param == "with site URL" else None
    if url:
        mp.setenv("GONGKAI_SITE_URL", url)
    else:
        mp.delenv("GONGKAI_SITE_URL", raising=False)
    out = tmp_path_factory.mktemp("opendata")
    try:
        result = build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml"))
    finally:
        mp.undo()
    return out, url, result


def address(out: Path, url: str | None, rel: str) -> str:
    """What a reader fetching the site at its address (or from disk) resolves ``rel`` to."""
    return urllib.parse.urljoin(url or (out / "site").as_uri() + "/", urllib.parse.quote(rel))


def local(out: Path, url: str | None, iri: str) -> Path:
    """The built file an absolute address of the site names."""
    prefix = url or (out / "site").as_uri() + "/"
    assert iri.startswith(prefix), iri
    rel = urllib.parse.unquote(iri[len(prefix):].split("#")[0])
    path = out / "site" / rel
    return path / "index.html" if rel.endswith("/") or not rel else path


def catalogue(out: Path) -> "rdflib.Graph":
    return rdflib.Graph().parse(out / "site" / "catalog.jsonld", format="json-ld")


def shapes() -> "rdflib.Graph":
    return rdflib.Graph().parse(SHAPES)


# --------------------------------------------------------------------------- DCAT-AP 3


def test_the_catalogue_conforms_to_the_dcat_ap_shapes(site):
    out, _, _ = site
    conforms, _, text = pyshacl.validate(catalogue(out), shacl_graph=shapes(), inference="none")
    assert conforms, text


def test_the_shapes_catch_a_missing_publisher_and_a_string_url(site):
    out, _, _ = site
    g = catalogue(out)
    g.remove((None, DCT.publisher, None))
    [dist] = list(g.subjects(DCAT.downloadURL, None))[:1]
    url = g.value(dist, DCAT.downloadURL)
    g.remove((dist, DCAT.downloadURL, None))
    g.add((dist, DCAT.downloadURL, rdflib.Literal(str(url))))
    conforms, report, _ = pyshacl.validate(g, shacl_graph=shapes(), inference="none")
    assert not conforms
    paths = {str(o) for o in report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#resultPath"))}
    assert {str(DCT.publisher), str(DCAT.downloadURL)} <= paths


def test_the_catalogue_says_who_where_when_and_every_file(site):
    out, url, result = site
    g = catalogue(out)
    [catalog] = g.subjects(rdflib.RDF.type, DCAT.Catalog)
    [dataset] = g.subjects(rdflib.RDF.type, DCAT.Dataset)
    publisher = g.value(catalog, DCT.publisher)
    assert str(g.value(publisher, FOAF.name)) == "gongkai 开源项目"  # the default of mkdocs.yml
    assert g.value(dataset, DCT.publisher) == publisher
    issued = g.value(dataset, DCT.issued).toPython()  # no SOURCE_DATE_EPOCH: 004's date (published)
    assert (issued.isoformat(), g.value(dataset, DCT.issued).datatype) == ("2024-09-19T00:00:00+00:00", XSD.dateTime)
    codes = {str(g.value(s, DCT.identifier)) for s in g.objects(dataset, DCT.spatial)}
    assert codes == {"141000", "141100", "141121"}  # 临汾市, 吕梁市, 文水县 (004 names no region)
    period = g.value(dataset, DCT.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == ("2020", "2025")
    files = {p.name: p.read_bytes() for p in (out / "site" / "data").iterdir() if p.is_file() and p.name != "index.html"}
    seen = set()
    for dist in g.objects(dataset, DCAT.distribution):
        download = str(g.value(dist, DCAT.downloadURL))
        assert str(g.value(dist, DCAT.accessURL)) == address(out, url, "data/")
        path = local(out, url, download)
        seen.add(path.name)
        assert int(g.value(dist, DCAT.byteSize)) == len(files[path.name])
        checksum = g.value(dist, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(files[path.name]).hexdigest()
    assert seen == set(files)
    if url:
        assert all(str(o).startswith(url) for o in g.objects(None, DCAT.downloadURL))


def test_every_page_links_the_catalogue_in_its_head(site):
    out, url, _ = site
    pages = sorted((out / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        if page.parts[-2] == "pagefind":
            continue
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        m = re.search(r'<link rel="describedby" type="application/ld\+json" title="[^"]*" href="([^"]+)">', head)
        assert m, page
        here = address(out, url, page.relative_to(out / "site").as_posix())
        assert urllib.parse.urljoin(here, m.group(1)) == address(out, url, "catalog.jsonld"), page
    data = (out / "site" / "data" / "index.html").read_text(encoding="utf-8")
    body = data[data.index("</head>"):]
    assert '<a href="../catalog.jsonld">catalog.jsonld</a>' in body


# --------------------------------------------------------------------------- schema.org


def jsonld(out: Path, rel: str) -> dict:
    html = (out / "site" / rel).read_text(encoding="utf-8")
    [item] = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
    return item


def test_the_dataset_has_what_google_asks_for(site):
    out, url, _ = site
    ds = jsonld(out, "data/index.html")
    assert ds["@type"] == "Dataset"
    for key in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED:
        assert ds.get(key), key
    assert 50 <= len(ds["description"]) <= 5000
    assert ds["identifier"] == "gongkai-documents"
    assert ds["creator"] == ds["publisher"] == {"@type": "Organization", "name": "gongkai 开源项目"}
    assert ds["temporalCoverage"] == "2020/2025"
    assert {(p["name"], p["identifier"]["value"]) for p in ds["spatialCoverage"]} == {
        ("临汾市", "141000"), ("吕梁市", "141100"), ("文水县", "141121")}
    measured = {v["propertyID"]: v for v in ds["variableMeasured"]}
    assert measured["high_tech_enterprises"]["name"] == "高新技术企业数量"
    assert measured["high_tech_enterprises"]["unitText"] == "家"
    page = address(out, url, "data/")
    assert urllib.parse.urljoin(page, ds["url"]) == page
    names = set()
    for d in ds["distribution"]:
        assert d["@type"] == "DataDownload" and d["encodingFormat"] in ("text/csv", "application/json",
                                                                        "application/zip")
        target = local(out, url, urllib.parse.urljoin(page, d["contentUrl"]))
        assert d["contentSize"] == f"{target.stat().st_size} B"
        names.add(target.name)
    assert names == {p.name for p in (out / "site" / "data").iterdir() if p.name != "index.html"}
    if url:
        assert ds["url"] == f"{URL}data/" and all(d["contentUrl"].startswith(URL) for d in ds["distribution"])


def test_a_normative_document_is_legislation_with_its_number_issuer_place_and_date(site):
    out, url, _ = site
    ld = jsonld(out, f"documents/{DOCS['003']}/index.html")
    assert ld["@type"] == "Legislation"
    assert ld["legislationIdentifier"] == "吕政办发〔2020〕42号"
    assert ld["legislationPassedBy"] == {"@type": "GovernmentOrganization", "name": "吕梁市人民政府办公室"}
    assert ld["legislationJurisdiction"]["name"] == "吕梁市"
    assert ld["legislationJurisdiction"]["identifier"]["value"] == "141100"
    assert ld["legislationDate"] == "2020-06-10"
    assert urllib.parse.urljoin(address(out, url, f"documents/{DOCS['003']}/"), ld["isPartOf"]["url"]) == \
        address(out, url, "")
    cited = {c.get("identifier"): c for c in ld["citation"]}
    assert cited["国科发政〔2017〕115号"]["name"] == "《科技型中小企业评价办法》"
    target = local(out, url, urllib.parse.urljoin(address(out, url, f"documents/{DOCS['003']}/"),
                                                  cited["国科发政〔2017〕115号"]["url"]))
    assert target.is_file()


def test_a_reply_is_a_digital_document_and_four_of_five_documents_carry_a_date(site):
    out, _, _ = site
    ld = jsonld(out, f"documents/{DOCS['000']}/index.html")
    assert ld["@type"] == "DigitalDocument"  # a reply to a proposal binds no one
    assert (ld["identifier"], ld["author"]["name"], ld["spatialCoverage"]["name"]) == (
        "临市科函〔2023〕4号", "临汾市科学技术局", "临汾市")
    assert ld["dateCreated"] == "2023"  # the text states no date; its 发文字号 is of 2023
    dated = {k: jsonld(out, f"documents/{v}/index.html").get("dateCreated") for k, v in DOCS.items()}
    assert dated == {"000": "2023", "001": "2023", "002": None, "003": "2020-06-10", "004": "2024-06-26"}


# --------------------------------------------------------------------------- feed and sitemap


def test_the_feed_and_the_sitemap_carry_absolute_links_or_are_left_out_with_one_warning(site):
    out, url, result = site
    warned = [p for p in result.report.problems if p.code == "no-site-url"]
    feed, sitemap = out / "site" / "feed.xml", out / "site" / "sitemap.xml"
    home = (out / "site" / "index.html").read_text(encoding="utf-8")
    if not url:
        assert len(warned) == 1 and warned[0].severity == "warning"
        assert "sitemap.xml and feed.xml" in warned[0].message
        assert not feed.exists() and not sitemap.exists() and not (out / "site" / "sitemap.xml.gz").exists()
        assert "application/rss+xml" not in home
        return
    assert warned == []
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.link == URL and parsed.feed.publisher == "gongkai 开源项目"
    assert len(parsed.entries) == 5
    for entry in parsed.entries:
        assert entry.link.startswith(f"{URL}documents/") and local(out, url, entry.link).is_file()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(sitemap).getroot().findall("s:url/s:loc", ns)]
    assert all(loc.startswith(URL) for loc in locs)
    assert {f"{URL}documents/{stem}/" for stem in DOCS.values()} <= set(locs)
    assert '<link rel="alternate" type="application/rss+xml"' in home


def test_the_committed_outputs_do_not_depend_on_the_site_url(site):
    out, _, _ = site
    for name in ("data/index.md", f"documents/{DOCS['003']}.md"):
        assert (out / "site_src" / name).read_bytes() == (ROOT / "site_src" / name).read_bytes(), name
    assert (out / "datapackage" / "datapackage.json").read_bytes() == \
        (ROOT / "datapackage" / "datapackage.json").read_bytes()

