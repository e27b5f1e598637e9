"""Where the bytes of a built site go: its size by part, as GitHub Pages counts it.

    python benchmarks/sizes.py SITE_DIR [N]

GitHub Pages publishes a site of at most 1 GB (the files' own sizes, not gzip-compressed),
so sizes here are the sum of the files' sizes in bytes (MB = 10^6 bytes). The gzip size
(level 6, what a web server sends) is reported beside it, for comparison only.
"""
from __future__ import annotations

import sys
import zlib
from pathlib import Path

# The parts of a site, by their first folder (and the home page); the rest is "other".
PARTS = {
    "documents": "document pages",
    "genre": "listing and term pages", "agency": "listing and term pages", "region": "listing and term pages",
    "year": "listing and term pages", "topic": "listing and term pages",
    "indicators": "indicator and policy pages", "policies": "indicator and policy pages",
    "pagefind": "search index",
    "originals": "originals",
    "data": "data package copies",
    "assets": "theme assets",
}
ORDER = ["document pages", "listing and term pages", "indicator and policy pages", "search index", "originals",
         "data package copies", "theme assets", "other"]
KEYS = ["documents", "listings", "indicators_policies", "index", "originals", "data", "theme", "other"]  # CSV names of ORDER
GZIP_LEVEL = 6


def part_of(rel: Path) -> str:
    """The part of the site a file (its path relative to the site) belongs to."""
    first = rel.parts[0] if len(rel.parts) > 1 else ""
    if first == "documents" and rel.parts[1].startswith("index"):  # documents/index--N/: the listing of all
        return "listing and term pages"
    if first == "data" and rel.name == "index.html":  # the data page itself
        return "other"
    if rel.as_posix() == "index.html":
        return "listing and term pages"
    return PARTS.get(first, "other")


def gzip_size(data: bytes) -> int:
    c = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return len(c.compress(data)) + len(c.flush())


def parts(site: Path, compressed: bool = True) -> dict[str, dict[str, int]]:
    """{part: {"bytes", "gzip", "files"}} for every part of ORDER, and "total"."""
    out = {name: {"bytes": 0, "gzip": 0, "files": 0} for name in ORDER + ["total"]}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        z = gzip_size(data) if compressed else 0
        for name in (part_of(path.relative_to(site)), "total"):
            out[name]["bytes"] += len(data)
            out[name]["gzip"] += z
            out[name]["files"] += 1
    return out


def table(sizes: dict[str, dict[str, int]], n: int | None = None) -> str:
    lines = ["| part | files | MB | gzip MB | bytes per document |", "|---|---|---|---|---|"]
    for name in ORDER + ["total"]:
        s = sizes[name]
        per = f"{s['bytes'] / n / 1000:.1f} KB" if n else ""
        lines.append(f"| {name} | {s['files']:,} | {s['bytes'] / 1e6:,.1f} | {s['gzip'] / 1e6:,.1f} | {per} |")
    return "\n".join(lines)


if __name__ == "__main__":
    site = Path(sys.argv[1])
    print(table(parts(site), int(sys.argv[2]) if len(sys.argv) > 2 else None))
