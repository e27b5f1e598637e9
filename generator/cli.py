"""The ``gongkai`` command: a thin layer over :mod:`generator.build`."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .build import Options, build, compare, generate
from .errors import ERROR, INFO, WARNING, BuildError, InternalError, Problem, Report

SEVERITY_MARK = {ERROR: "错误 error", WARNING: "警告 warning", INFO: "提示 note"}


def shown_problems(report: Report, verbose: bool = False) -> list[Problem]:
    return [p for p in report.problems if verbose or p.severity != INFO]


def print_report(report: Report, verbose: bool = False) -> None:
    """Problems as a table grouped by file, with the line where it helps (notes only with --verbose)."""
    groups: dict[str, list[Problem]] = {}
    for p in shown_problems(report, verbose):
        groups.setdefault(p.file or "(build)", []).append(p)
    for file, problems in groups.items():
        click.echo(click.style(file, bold=True), err=True)
        for p in problems:
            line = f"line {p.line}" if p.line else ""
            click.echo(f"  {SEVERITY_MARK[p.severity]:<14} {p.code:<24} {line:<9} {p.message}", err=True)


def print_summary(report: Report) -> None:
    s = report.stats
    counts = {sev: len(report.of(sev)) for sev in (ERROR, WARNING, "info")}
    cached = f" ({s['prepared']} re-extracted, {s['cached']} unchanged from the cache)" if s.get("cached") else ""
    click.echo(
        f"{s.get('documents', 0)} documents{cached}, {s.get('pages', 0)} pages, {s.get('indicators', 0)} indicators, "
        f"{s.get('citations', 0)} citations, {s.get('dropped', 0)} pieces of debris dropped; "
        f"{counts[ERROR]} errors, {counts[WARNING]} warnings, {counts['info']} notes"
    )


STAGES = {"clean+extract": "清理与抽取 clean+extract", "pages": "生成页面 pages", "html": "渲染网站 HTML (MkDocs)"}


class ProgressLine:
    """A progress bar per stage on the terminal; silent when output is not a terminal or in CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage: str | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        label = STAGES.get(stage, stage)
        if stage == "html":
            if done == 0:
                click.echo(f"{label} …", err=True)
            return
        width = 30
        filled = width * done // max(total, 1)
        click.echo(f"\r{label:<28} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}", err=True, nl=False)
        if done >= total:
            click.echo("", err=True)

    @classmethod
    def for_terminal(cls) -> "ProgressLine":
        return cls(sys.stderr.isatty() and not os.environ.get("CI"))


def write_report(report: Report, path: Path | None, strict: bool) -> None:
    if path is None:
        return
    try:
        path.write_text(report.to_json(strict), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write the report to {path}: {exc.strerror or exc}") from exc


def fail(report: Report, exc: BuildError, verbose: bool) -> None:
    """Turn a failed build into output: one line for a problem with the folders, else the table."""
    shown = shown_problems(report, verbose)
    if len(shown) == 1 and shown[0].file is None:
        raise click.ClickException(shown[0].message)
    print_report(report, verbose)
    raise click.ClickException(f"build failed: {exc}; the previous outputs were kept")


INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug, not a user's mistake


class Gongkai(click.Group):
    """The command group, with the last-resort handler: an unexpected exception (a bug) becomes
    one line naming what was being processed, exit code 70, and no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the point is to catch everything else
            where = exc.where if isinstance(exc, InternalError) else "the build"
            detail = exc.detail if isinstance(exc, InternalError) else f"{type(exc).__name__}: {exc}"
            logging.getLogger(__name__).debug("internal error", exc_info=True)
            click.echo(f"Error: internal error while processing {where} ({detail[:300]}); this is a bug in gongkai, "
                       "please report it to its maintainers with that file; the previous outputs were kept", err=True)
            ctx.exit(INTERNAL_ERROR)


@click.group(cls=Gongkai)
@click.version_option(__version__, prog_name="gongkai")
@click.option("-v", "--verbose", is_flag=True, help="Show notes and log messages.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """gongkai: Chinese government documents → open-government website and data package."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)  # warnings must still reach strict mode
    ctx.obj = {"verbose": verbose}


@main.command("build")
@click.option("--seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True,
              help="Folder of *.txt / *.md documents (and optional <id>.yml sidecars).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Write OUT/site_src, OUT/datapackage and OUT/site instead of ./site_src, ./datapackage, ./site.")
@click.option("--no-html", is_flag=True, help="Stop before MkDocs: write site_src/ and datapackage/ only.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Write the problem report as JSON to this file.")
@click.option("--config", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True,
              help="MkDocs configuration of the site.")
@click.option("--offline-zip", type=click.Path(path_type=Path), default=None,
              help="Also build the offline copy (opens from disk, no server) and zip it to this file.")
@click.option("--no-cache", is_flag=True, help="Re-extract every document instead of reusing OUT/.gongkai-cache.")
@click.pass_context
def build_command(ctx, seeds: Path, out: Path | None, no_html: bool, strict: bool, report_path: Path | None,
                  config: Path, offline_zip: Path | None, no_cache: bool) -> None:
    """Build the pages, the data package and the HTML site from a folder of documents.

    Example: gongkai build --seeds seeds --out public --offline-zip public/site-offline.zip
    """
    opts = Options(seeds=seeds, out=out or Path("."), html=not no_html, strict=strict, config=config,
                   offline_zip=offline_zip, cache=not no_cache, progress=ProgressLine.for_terminal())
    try:
        result = build(opts)
    except BuildError as exc:
        write_report(exc.report, report_path, strict)
        fail(exc.report, exc, ctx.obj["verbose"])
    print_report(result.report, ctx.obj["verbose"])
    write_report(result.report, report_path, strict)
    print_summary(result.report)


@main.command("check")
@click.option("--seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder holding the committed site_src/ and datapackage/.")
def check_command(seeds: Path, out: Path) -> None:
    """Fail when committed site_src/ or datapackage/ differ from what the seeds generate.

    Example: gongkai check
    """
    try:
        result = generate(seeds)
    except BuildError as exc:
        fail(exc.report, exc, False)
    stale = compare(result, out)
    if stale:
        report = Report()
        for path in stale:
            report.add("stale-output", None, path=path)
        print_report(report)
        raise click.ClickException(
            f"{len(stale)} generated file(s) out of date; run `gongkai build` and commit the result")
    click.echo("site_src/ and datapackage/ match the seeds")


@main.command("serve")
@click.option("--seeds", type=click.Path(path_type=Path), default=Path("seeds"), show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None)
@click.option("--config", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_context
def serve_command(ctx, seeds: Path, out: Path | None, config: Path, dev_addr: str) -> None:
    """Build, then preview the site locally (rebuilds pages when you edit them).

    Example: gongkai serve -a 127.0.0.1:8000
    """
    out = out or Path(".")
    try:
        build(Options(seeds=seeds, out=out, html=False, config=config))
    except BuildError as exc:
        fail(exc.report, exc, ctx.obj["verbose"])
    from mkdocs.commands.serve import serve

    click.echo(f"serving on http://{dev_addr}/ (Ctrl-C to stop)")
    serve(config_file=str(config), docs_dir=str(out / "site_src"), dev_addr=dev_addr)


@main.command("explain")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="Also list dates, 文号, list numbers and other non-figures.")
def explain_command(file: Path, show_all: bool) -> None:
    """Print every number mention of FILE with its class, year, kind and the cue that decided.

    One line per mention: source offset, the number as written, its class (indicator,
    standard, cap, threshold, comparison, ordinal …), year and how it was found, kind,
    the rule with the words it matched, and what decided the kind.

    Example: gongkai explain seeds/000_d47baeec8c1639fc.txt
    """
    from .stages.ingest import read_source
    from .stages.prepare import clean, explain_mentions

    report = Report()
    source = read_source(file, report)
    if source is None:
        raise click.ClickException("; ".join(p.message for p in report.problems) or f"cannot read {file}")
    for m in explain_mentions(clean(source)):
        if not show_all and m.kind is None and m.cls in ("date", "doc_number", "list_number", "phone", "other"):
            continue
        year = f"{m.year} ({m.year_source})" if m.year is not None else "—"
        why = f"{m.cue}; kind by {m.kind_cue}" if m.kind_cue else m.cue
        click.echo(f"{m.start:>6}  {m.text.replace(chr(10), ' '):<14} {m.cls:<11} {year:<18} {m.kind or '—':<7} {why}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
