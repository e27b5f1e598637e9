"""Checks of the generated outputs before anything is written.

Every output path is relative, stays in its folder and names one file and one page
address; every page's front matter parses back (MkDocs would render front matter it
cannot parse as Markdown, raw HTML included, without a word).
"""
from __future__ import annotations

import unicodedata

import yaml

from ..errors import Report
from .pages.common import page_url


def check_front_matter(pages: dict[str, str | bytes], report: Report) -> None:
    """Every page that starts with ``---`` has front matter that parses back to a mapping.

    MkDocs treats front matter it cannot parse as Markdown, raw HTML included, without a
    word: this guard makes any such page fail the build.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path, content in pages.items():
        if not path.endswith(".md") or not isinstance(content, str) or not content.startswith("---\n"):
            continue
        end = content.find("\n---\n", 3)
        detail = "it is not closed by ---" if end < 0 else None
        if detail is None:
            try:
                data = yaml.load(content[4:end + 1], Loader=loader)  # noqa: S506 (a safe loader)
                if not isinstance(data, dict):
                    detail = "it is not a mapping of fields"
            except yaml.YAMLError as exc:
                detail = str(getattr(exc, "problem", None) or exc).splitlines()[0][:120]
        if detail:
            report.add("bad-front-matter", None, path=f"site_src/{path}", detail=detail)


def check_paths(files: dict[str, dict[str, str | bytes]], report: Report) -> None:
    """Every output path is relative, stays inside its folder and names one file.

    Two paths clash when they differ only in case or Unicode normalisation (one file on
    macOS and Windows disks) or become the same page address.
    """
    for output, tree in files.items():
        seen: dict[str, str] = {}
        for rel_path in sorted(tree):
            parts = rel_path.split("/")
            if (not rel_path or rel_path.startswith("/") or "\\" in rel_path or "\x00" in rel_path
                    or any(p in ("", ".", "..") for p in parts)
                    or any(len(p.encode("utf-8", "surrogatepass")) > 255 for p in parts)):
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail="it would leave its folder or is not a valid file name")
                continue
            if output == "site_src" and rel_path.startswith("originals/") and rel_path.lower().endswith(".md"):
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail="MkDocs would publish this original as a page, with any HTML in it")
                continue
            key = unicodedata.normalize("NFC", page_url(rel_path)).casefold()
            if key in seen:
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail=f"it clashes with {output}/{seen[key]} (one address once case is set aside); "
                                  "make the two names agree, in a sidecar if they come from the text")
                continue
            seen[key] = rel_path


def check_clashes(clashes: list[str], report: Report) -> None:
    """Pages two generators meant for one path (see :class:`~.pages.common.Pages`)."""
    for path in clashes:
        report.add("bad-output-path", None, path=f"site_src/{path}",
                   detail="two generated pages would be written there (a document or term named like a listing page); "
                          "rename the file or set the term in a sidecar")
