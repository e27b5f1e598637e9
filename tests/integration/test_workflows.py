"""The GitHub workflows cannot run here: lint them against GitHub's workflow schema."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from ..conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def test_workflows_validate_against_the_github_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert files
    result = subprocess.run(
        [str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema", "vendor.github-workflows",
         *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: [push]\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps: []\n")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema", "vendor.github-workflows",
         str(bad)], capture_output=True, text=True)
    assert result.returncode != 0


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make site" in readme
    steps = load("ci.yml")["jobs"]["test"]["steps"]
    assert any(s.get("run") == "make test" for s in steps)
    assert (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1] == "make test"
    wf = load("ci.yml")
    assert set(wf[True]) >= {"push", "pull_request"}  # YAML 1.1 reads the key `on` as True


def test_pages_builds_validates_and_deploys():
    wf = load("pages.yml")
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build = [s.get("uses", "") + s.get("run", "") for s in wf["jobs"]["build"]["steps"]]
    assert any(s.startswith("actions/configure-pages") for s in build)
    assert any("make site" in s for s in build)
    assert any("make offline" in s for s in build)
    # make offline is make site plus the offline copy, which the run keeps as a download
    target = re.search(r"^offline:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert "gongkai build --offline-zip site-offline.zip" in target and "frictionless validate" in target
    uploads = [s for s in wf["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert [s["with"]["path"] for s in uploads] == ["site-offline.zip"]
    assert any("frictionless validate" in s for s in build)
    assert any(s.startswith("actions/upload-pages-artifact") for s in build)
    # the site's address holds for every build of the job (make offline writes site/ again)
    settings = next(s for s in build if "GITHUB_ENV" in s)
    assert "GONGKAI_SITE_URL=" in settings and build.index(settings) < next(
        i for i, s in enumerate(build) if "make site" in s)
    deploy = [s.get("uses", "") for s in wf["jobs"]["deploy"]["steps"]]
    assert any(s.startswith("actions/deploy-pages") for s in deploy)


def test_a_version_tag_publishes_the_offline_copy_and_the_package_as_release_assets():
    wf = load("release.yml")
    assert wf[True]["push"]["tags"] == ["v*"] and wf["permissions"]["contents"] == "write"
    steps = [s.get("run", "") for s in wf["jobs"]["release"]["steps"]]
    assert "make offline" in steps
    publish = next(s for s in steps if "gh release create" in s)
    assert "site-offline.zip" in publish and "datapackage/gongkai-datapackage.zip" in publish
