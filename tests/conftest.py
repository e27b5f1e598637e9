"""Shared fixtures: paths, labels, a built site served on 127.0.0.1, headless Chromium."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Documents held back from development (file stems, comma-separated): tests and benchmarks
# leave them out while GONGKAI_HOLDOUT is set, so rules can be checked on text nobody tuned to.
HOLDOUT = {s.strip() for s in os.environ.get("GONGKAI_HOLDOUT", "").split(",") if s.strip()}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def labels(name: str) -> list[dict]:
    """Hand-made labels from ../shared/corpus (``seeds`` or ``dev``)."""
    path = SHARED / "corpus" / f"{name}-labels.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the labelled corpus lives next to the project")
    return [x for x in json.loads(path.read_text(encoding="utf-8")) if Path(x["file"]).stem not in HOLDOUT]


def label_params(name: str) -> list:
    """The labels of ``name`` as test parameters: one skipped parameter when the labelled
    corpus is absent (collection must not skip the whole module)."""
    path = SHARED / "corpus" / f"{name}-labels.json"
    if not path.is_file():
        return [pytest.param({"file": "absent"}, marks=pytest.mark.skip(reason=f"{path} is absent"))]
    return [x for x in json.loads(path.read_text(encoding="utf-8")) if Path(x["file"]).stem not in HOLDOUT]


def dev_files() -> list[Path]:
    if not DEV.is_dir():
        return []
    return sorted(p for p in DEV.glob("*.txt") if p.stem not in HOLDOUT)


def require_dev() -> None:
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent: the dev corpus is read from ../shared, never copied")


@pytest.fixture(scope="session")
def seed_labels() -> dict[str, dict]:
    return {Path(x["file"]).stem: x for x in labels("seeds")}


@pytest.fixture(scope="session")
def dev_labels() -> dict[str, dict]:
    require_dev()
    return {Path(x["file"]).stem: x for x in labels("dev")}


@pytest.fixture(scope="session")
def generated():
    """What the generator produces from seeds/ (in memory, nothing written)."""
    from generator.build import generate

    return generate(SEEDS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 on a free port; returns (server, base url)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _PagesHandler(_QuietHandler):
    """As GitHub Pages serves a project site: the site under ``prefix`` (/gongkai/), and
    its 404.html, with status 404, for any address that is no file of it."""

    prefix = "/"

    def translate_path(self, path):
        bare = urllib.parse.urlsplit(path).path
        if not bare.startswith(self.prefix):
            return os.path.join(self.directory, "__not_in_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_pages(folder: Path, prefix: str = "/gongkai/"):
    """Serve ``folder`` under ``prefix`` on 127.0.0.1, as GitHub Pages serves a project
    site (its 404.html for missing addresses); returns (server, the site's url)."""
    handler = functools.partial(type("Pages", (_PagesHandler,), {"prefix": prefix}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def pages_url(built):
    """The built site (no site_url) served under the sub-path /gongkai/, with its 404 page."""
    server, url = serve_pages(built / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def pages_url_with_site_url(tmp_path_factory):
    """The seeds built with site_url set to the sub-path they are served under (as the
    Pages workflow builds), served like ``pages_url``."""
    from generator.build import Options, build

    out = tmp_path_factory.mktemp("site-under-sub-path")
    (out / "site").mkdir()
    server, url = serve_pages(out / "site")
    before = os.environ.get("GONGKAI_SITE_URL")
    os.environ["GONGKAI_SITE_URL"] = url
    try:
        build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml"))
    finally:
        if before is None:
            del os.environ["GONGKAI_SITE_URL"]
        else:
            os.environ["GONGKAI_SITE_URL"] = before
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A full build (pages, package, HTML) of seeds/ into a temporary folder."""
    from generator.build import Options, build

    out = tmp_path_factory.mktemp("build")
    build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml"))
    return out


@pytest.fixture(scope="session")
def site_url(built):
    server, url = serve(built / "site")
    yield url
    server.shutdown()


def require_tool(present: bool, message: str) -> None:
    """Skip a test whose tool (Chromium, Java, the npm tools) is missing, except under
    `make test`, which installs them all and sets GONGKAI_REQUIRE_TOOLS: there it fails."""
    if present:
        return
    if os.environ.get("GONGKAI_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    require_tool(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def open_page(browser):
    """Open pages at a viewport width, each in a fresh context (empty cache), recording the
    URLs requested (``pg.requests``), their hosts (``pg.hosts``), the bytes received
    (``pg.bytes``) and the page's errors and console errors (``pg.errors``)."""
    contexts = []

    def open_(url: str, width: int = 1280):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.requests, pg.hosts, pg.errors, pg.bytes = [], set(), [], []

        def requested(r):
            pg.requests.append(r.url)
            pg.hosts.add(urllib.parse.urlsplit(r.url).hostname)
        pg.on("request", requested)
        pg.on("requestfinished", lambda r: pg.bytes.append(r.sizes()["responseBodySize"]))
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        pg.goto(url)
        return pg

    yield open_
    for ctx in contexts:
        ctx.close()


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def tmp_copy(tmp_path):
    """Copy a set of seed files into a fresh seeds folder; returns the folder."""
    def make(*names: str) -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        for n in names:
            shutil.copy(SEEDS / n, folder / n)
        return folder
    return make
