"""A build replaces site_src/, datapackage/ and site/ only when everything succeeded.

A build that fails (bad input, MkDocs failing, a failing swap) leaves the previous outputs
byte for byte; a build killed at any moment leaves the previous outputs or wholly the new
ones, and its leftovers are cleaned (a half-done swap completed) by the next build.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.store import staging as build_module
from generator.build import OUTPUTS, Options, build
from generator.store.staging import JOURNAL, recover
from generator.errors import BuildError

from ..conftest import ROOT, SEEDS

CONFIG = ROOT / "mkdocs.yml"
GONGKAI = Path(sys.executable).with_name("gongkai")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file under ``out`` (site_src/, datapackage/, site/) with its bytes."""
    files = {}
    for name in OUTPUTS:
        for p in sorted((out / name).rglob("*")):
            if p.is_file():
                files[p.relative_to(out).as_posix()] = p.read_bytes()
    return files


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.glob(".gongkai-build-*"))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two seeds folders (A: all seeds; B: three of them, one edited) and their built outputs."""
    root = tmp_path_factory.mktemp("atomic")
    a, b = root / "seeds-a", root / "seeds-b"
    shutil.copytree(SEEDS, a)
    b.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(p, b / p.name)
    first = sorted(b.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n附件：新增的一段。\n", encoding="utf-8")
    built = {}
    for name, seeds in (("a", a), ("b", b)):
        out = root / f"out-{name}"
        build(Options(seeds=seeds, out=out, config=CONFIG))
        built[name] = snapshot(out)
    assert built["a"] != built["b"]
    return a, b, built


def fresh_out(tmp_path: Path, corpora) -> Path:
    """An output folder holding the outputs of a good build of A."""
    a, _, built = corpora
    out = tmp_path / "out"
    shutil.copytree(a.parent / "out-a", out)
    assert snapshot(out) == built["a"]
    return out


def test_a_failed_build_leaves_the_previous_outputs_byte_for_byte(tmp_path, corpora):
    a, _, built = corpora
    out = fresh_out(tmp_path, corpora)
    seeds = tmp_path / "seeds"
    shutil.copytree(a, seeds)
    (seeds / "scan.txt").write_bytes(PNG)
    with pytest.raises(BuildError, match="1 error"):
        build(Options(seeds=seeds, out=out, config=CONFIG))
    assert snapshot(out) == built["a"]
    assert staging_folders(out) == []


def test_a_build_failing_in_mkdocs_leaves_the_previous_outputs(tmp_path, corpora):
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace("nav:", "nav:\n  - 缺失: no-such-page.md", 1)
                      .replace("generator/", str(ROOT / "generator") + "/"), encoding="utf-8")
    with pytest.raises(BuildError, match="MkDocs failed") as info:
        build(Options(seeds=b, out=out, config=config))
    assert [p.code for p in info.value.report.errors] == ["mkdocs-failed"]
    assert snapshot(out) == built["a"]
    assert staging_folders(out) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "two-renames"])
def test_a_swap_failing_half_way_puts_the_previous_outputs_back(tmp_path, corpora, monkeypatch, exchange):
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    if not exchange:
        monkeypatch.setattr(build_module, "exchange", lambda a, b: False)
    real, calls = build_module._replace, []

    def failing_replace(new, target, staging):
        calls.append(target.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(new, target, staging)

    monkeypatch.setattr(build_module, "_replace", failing_replace)
    with pytest.raises(BuildError) as info:
        build(Options(seeds=b, out=out, config=CONFIG))
    assert calls == ["site_src", "datapackage", "site"]
    assert [p.message for p in info.value.report.errors] == [f"cannot write to {out / 'site'}: No space left on device"]
    assert snapshot(out) == built["a"]
    assert staging_folders(out) == []


def test_a_swap_failing_between_its_two_renames_puts_the_previous_outputs_back(tmp_path, corpora, monkeypatch):
    """Without rename-exchange a folder is moved aside, then the new one moved in: fail in between."""
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    monkeypatch.setattr(build_module, "exchange", lambda a, b: False)
    real_rename, failed = os.rename, []

    def rename(src, dst):  # moving the new datapackage/ in fails, once
        if Path(dst) == out / "datapackage" and Path(src).name == "datapackage" and not failed:
            failed.append(src)
            raise OSError(5, "Input/output error", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(BuildError, match="Input/output error"):
        build(Options(seeds=b, out=out, config=CONFIG))
    assert failed
    assert snapshot(out) == built["a"]
    assert staging_folders(out) == []


def test_a_first_build_that_fails_in_the_swap_leaves_no_outputs(tmp_path, corpora, monkeypatch):
    _, b, _ = corpora
    out = tmp_path / "new-out"
    real, calls = build_module._replace, []

    def failing_replace(new, target, staging):
        calls.append(target.name)
        if target.name == "site":
            raise OSError(28, "No space left on device", str(target))
        real(new, target, staging)

    monkeypatch.setattr(build_module, "_replace", failing_replace)
    with pytest.raises(BuildError):
        build(Options(seeds=b, out=out, config=CONFIG))
    assert sorted(os.listdir(out)) == []


def test_the_swap_works_without_rename_exchange(tmp_path, corpora, monkeypatch):
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    monkeypatch.setattr(build_module, "exchange", lambda a, b: False)
    build(Options(seeds=b, out=out, config=CONFIG))
    assert snapshot(out) == built["b"]


def test_rename_exchange_swaps_two_folders_in_place(tmp_path):
    x, y = tmp_path / "x", tmp_path / "y"
    x.mkdir()
    y.mkdir()
    (x / "f").write_text("x")
    (y / "f").write_text("y")
    if not build_module.exchange(x, y):
        pytest.skip("this system has no renameat2(RENAME_EXCHANGE)")
    assert ((x / "f").read_text(), (y / "f").read_text()) == ("y", "x")


# --------------------------------------------------------------------------- killed builds


def start_build(seeds: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(GONGKAI), "build", "--seeds", str(seeds), "--out", str(out), "--config",
                             str(CONFIG), *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(proc: subprocess.Popen, moment) -> str:
    """SIGKILL ``proc`` as soon as ``moment()`` is true; returns how far it got."""
    deadline = time.monotonic() + 120
    while not moment():
        if proc.poll() is not None:
            return "finished"
        assert time.monotonic() < deadline, "the build never reached the moment"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return "killed"


def after(seconds: float):
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def staged(out: Path, name: str | None = None):
    """True once a staging folder (holding ``name``, if given) exists."""
    return lambda: any(name is None or (s / name).exists() for s in staging_folders(out))


MOMENTS = {
    "after 0.5 s": lambda out: after(0.5),
    "after 1 s": lambda out: after(1.0),
    "after 2 s": lambda out: after(2.0),
    "staging appears": lambda out: staged(out),
    "pages written": lambda out: staged(out, "datapackage"),
    "html being written": lambda out: staged(out, "site/documents"),
    "html nearly done": lambda out: staged(out, "site/sitemap.xml.gz"),
}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_a_killed_build_leaves_the_previous_outputs_or_wholly_the_new_ones(tmp_path, corpora, moment):
    a, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    proc = start_build(b, out)
    how = kill_when(proc, MOMENTS[moment](out))  # on a fast machine the build may finish first
    state = snapshot(out)
    assert state in (built["a"], built["b"]), f"{moment} ({how}): mixed outputs"
    if how == "finished":
        assert proc.returncode == 0 and state == built["b"] and staging_folders(out) == []
    # the next build (here one that fails on its seeds) cleans up what the killed one left
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scan.txt").write_bytes(PNG)
    with pytest.raises(BuildError):
        build(Options(seeds=bad, out=out, config=CONFIG))
    assert staging_folders(out) == []
    assert snapshot(out) in (built["a"], built["b"])


SWAP_KILLER = """
import os, signal, sys
from pathlib import Path
from generator import build
from generator.store import staging
real, done = staging._replace, []
def replace_then_die(new, target, staging):
    real(new, target, staging)
    done.append(target.name)
    if len(done) == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
staging._replace = replace_then_die
build.build(build.Options(seeds=Path(sys.argv[1]), out=Path(sys.argv[2]), config=Path(sys.argv[4])))
"""


@pytest.mark.parametrize("swapped", [1, 2])
def test_a_build_killed_inside_the_swap_is_completed_by_the_next_build(tmp_path, corpora, swapped):
    """The one window left: killed between exchanging site_src/ and site/. The outputs are
    mixed until the next build, which completes the swap first (even when it fails)."""
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    done = subprocess.run([sys.executable, "-c", SWAP_KILLER, str(b), str(out), str(swapped), str(CONFIG)],
                          cwd=ROOT, capture_output=True)
    assert done.returncode == -signal.SIGKILL
    mixed = snapshot(out)
    assert mixed not in (built["a"], built["b"])
    names = ["site_src", "datapackage", "site"]
    for k, name in enumerate(names):
        want = built["b"] if k < swapped else built["a"]
        assert {p: v for p, v in mixed.items() if p.startswith(name + "/")} == \
               {p: v for p, v in want.items() if p.startswith(name + "/")}
    [staging] = staging_folders(out)
    assert sorted(json.loads((staging / JOURNAL).read_text())) == sorted(names)
    bad = tmp_path / "bad"
    bad.mkdir()
    with pytest.raises(BuildError, match="holds no"):
        build(Options(seeds=bad, out=out, config=CONFIG))
    assert snapshot(out) == built["b"]
    assert staging_folders(out) == []


def test_leftover_staging_folders_are_removed_by_the_next_build(tmp_path, corpora):
    _, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    junk = out / ".gongkai-build-abc123"
    (junk / "site_src").mkdir(parents=True)
    (junk / "site_src" / "half.md").write_text("半")
    stale = out / ".gongkai-build-def456"
    (stale / "site").mkdir(parents=True)
    (stale / JOURNAL).write_text(json.dumps({"site": 1}))  # an inode that matches nothing
    other = out / ".gongkai-notes"  # not ours: kept
    other.mkdir()
    build(Options(seeds=b, out=out, html=False, config=CONFIG))
    assert staging_folders(out) == []
    assert other.is_dir()
    assert {k: v for k, v in snapshot(out).items() if not k.startswith("site/")} == \
           {k: v for k, v in built["b"].items() if not k.startswith("site/")}


def test_recover_ignores_a_folder_without_outputs(tmp_path):
    recover(tmp_path / "missing")  # nothing to do, no error
    (tmp_path / ".gongkai-build-x").write_text("a file, not a staging folder")
    recover(tmp_path)
    assert (tmp_path / ".gongkai-build-x").is_file()


def test_two_builds_into_one_folder_take_turns(tmp_path, corpora):
    a, b, built = corpora
    out = fresh_out(tmp_path, corpora)
    procs = [start_build(seeds, out, "--no-html") for seeds in (b, a, b)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    state = {k: v for k, v in snapshot(out).items() if not k.startswith("site/")}
    choices = [{k: v for k, v in built[n].items() if not k.startswith("site/")} for n in ("a", "b")]
    assert state in choices
    assert staging_folders(out) == []
