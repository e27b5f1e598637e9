"""The catalogue of problems a build can meet, and the report that collects them.

Every problem has a stable kebab-case code, a severity, a title and a message template.
Stages add problems to one :class:`Report`; the build decides at the end whether to fail
(any error, or any warning under ``--strict``).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Kind:
    code: str
    severity: str
    title: str
    template: str


CATALOGUE: dict[str, Kind] = {k.code: k for k in [
    # input folder and files
    Kind("missing-seeds", ERROR, "Seeds folder missing",
         "the seeds folder {path} does not exist; create it or pass --seeds DIR"),
    Kind("unreadable-seeds", ERROR, "Seeds folder unreadable",
         "cannot list the seeds folder {path}: {detail}"),
    Kind("empty-seeds", ERROR, "No documents",
         "the seeds folder {path} holds no *.txt or *.md file; add a document and build again"),
    Kind("unreadable-file", ERROR, "File unreadable", "cannot read the file: {detail}"),
    Kind("symlinked-seed", ERROR, "Symbolic link in the seeds",
         "this is a symbolic link (to {target}), not a file of the seeds folder; the build publishes only "
         "regular files kept in the folder: copy the document in instead"),
    Kind("not-a-file", WARNING, "Not a regular file",
         "left out: it is {what}, not a document file; remove it or rename it"),
    Kind("file-too-large", ERROR, "File too large",
         "the file has {size}, more than the {limit} a document may have; split it or check it is a document"),
    Kind("undecodable-file", ERROR, "Not decodable text",
         "cannot use this file: {detail}"),
    Kind("possible-mojibake", WARNING, "Encoding may be wrong",
         "decoded as {encoding}, but {share} of its Chinese characters are rare ones, as when a file's encoding "
         "is guessed wrong; check its page and save the file as UTF-8"),
    Kind("unsafe-character", WARNING, "Unprintable characters removed",
         "removed {what} ({where}): characters no web page, feed or data file can carry; "
         "they are listed with the page's dropped debris"),
    Kind("empty-document", ERROR, "Empty document",
         "the file is empty or holds only white space; remove it or add the document's text"),
    Kind("bad-file-name", ERROR, "Unusable file name",
         "the file name {reason}; rename it with letters or digits"),
    Kind("reserved-id", ERROR, "Reserved page id",
         "its page id '{id}' is the name of a listing page of the site; rename the file"),
    Kind("duplicate-id", ERROR, "Duplicate document id",
         "its page id '{id}' is also the id of {other}; rename one of the two files"),
    Kind("duplicate-doc-number", ERROR, "Duplicate 发文字号",
         "its 发文字号 {doc_number} is also the 发文字号 of {other}; remove the copy or correct it in a sidecar"),
    # sidecars
    Kind("unparseable-sidecar", ERROR, "Sidecar is not valid YAML",
         "the sidecar cannot be read: {detail}"),
    Kind("unknown-sidecar-field", ERROR, "Unknown sidecar field",
         "unknown field '{key}'; {hint}allowed fields: {allowed}"),
    Kind("wrong-sidecar-type", ERROR, "Wrong sidecar value",
         "field '{key}' must be {expected}, got {got}"),
    Kind("empty-sidecar-value", WARNING, "Empty sidecar value",
         "field '{key}' holds only white space; it is treated as not set (write null, or remove the line)"),
    Kind("orphan-sidecar", WARNING, "Sidecar without a document",
         "no document {stem}.txt or {stem}.md goes with this sidecar; name it after its document or remove it"),
    # content
    Kind("no-title", WARNING, "No title found",
         "no title line was found; the page shows '{shown}' instead (set title in {sidecar})"),
    Kind("impossible-date", WARNING, "Impossible date",
         "the date {date} does not exist; the field is left empty (correct the text, or set it in a sidecar)"),
    Kind("formula-like-cell", WARNING, "Cell a spreadsheet would run",
         "{table} column {column} starts with '{start}' ({value}): kept as written in the data package, but a "
         "spreadsheet opening the CSV directly would read it as a formula"),
    Kind("cache-entry-ignored", INFO, "Cache entry ignored",
         "its cache entry is not in the expected shape; the document was prepared again"),
    Kind("unresolved-citation", INFO, "Citation outside the corpus",
         "cites {cited}, which is not a document of this corpus"),
    Kind("indicator-without-year", INFO, "Indicator without a year",
         "the figure '{quote}' states no year the text lets one tell"),
    Kind("debris-dropped", INFO, "Debris dropped", "dropped {count} piece(s) of page debris"),
    # outputs
    Kind("invalid-package", ERROR, "Data package invalid",
         "frictionless validation failed: {detail}"),
    Kind("bad-output-path", ERROR, "Unsafe or clashing output path",
         "refusing to write {path}: {detail}"),
    Kind("output-overlaps-seeds", ERROR, "Output would replace the seeds",
         "the output folder {path} holds or is the seeds folder {seeds}; choose another --out"),
    Kind("unwritable-output", ERROR, "Output folder unwritable",
         "cannot write to {path}: {detail}"),
    Kind("bad-front-matter", ERROR, "Page front matter unreadable",
         "the generated page {path} starts with front matter that does not parse back ({detail}); "
         "this is a bug in gongkai, please report it"),
    Kind("unsafe-html", ERROR, "Executable content in the site",
         "the built page {path} holds {what} that the theme did not put there: {snippet}; "
         "this is a bug in gongkai, please report it with the document"),
    Kind("bad-source-date-epoch", ERROR, "SOURCE_DATE_EPOCH unusable",
         "{detail}; set it to the seconds since 1970 of the build date, or unset it"),
    Kind("no-site-url", WARNING, "Site address unknown",
         "site_url is not set (GONGKAI_SITE_URL or mkdocs.yml): sitemap.xml and feed.xml need absolute addresses "
         "and are left out; catalog.jsonld and the pages' JSON-LD give addresses relative to themselves"),
    Kind("mkdocs-failed", ERROR, "Site build failed", "MkDocs could not build the site: {detail}"),
    Kind("stale-output", ERROR, "Committed output out of date",
         "differs: {path}; run `gongkai build` and commit the result"),
]}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    file: str | None
    line: int | None
    message: str
    params: dict = field(default_factory=dict)

    def location(self) -> str:
        if self.file is None:
            return "-"
        return f"{self.file}:{self.line}" if self.line else self.file


class Report:
    """Problems collected over a build, in the order they were found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.stats: dict[str, int] = {}
        self.timings: dict[str, float] = {}  # seconds per stage (not part of any output)
        self.memory: dict[str, dict] = {}  # peak resident memory after each stage, MB

    def add(self, code: str, file: str | None = None, *, line: int | None = None, **params) -> Problem:
        kind = CATALOGUE[code]
        message = kind.template.format(**params)  # a missing parameter is a bug: let it raise
        problem = Problem(code, kind.severity, file, line, message, {k: str(v) for k, v in params.items()})
        self.problems.append(problem)
        return problem

    def of(self, severity: str) -> list[Problem]:
        return [p for p in self.problems if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self.of(WARNING)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def to_dict(self, strict: bool = False) -> dict:
        return {
            "valid": not self.failed(strict),
            "strict": strict,
            "stats": dict(sorted(self.stats.items())),
            "timings": dict(sorted(self.timings.items())),
            "memory": dict(sorted(self.memory.items())),
            "counts": {s: len(self.of(s)) for s in (ERROR, WARNING, INFO)},
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self, strict: bool = False) -> str:
        return json.dumps(self.to_dict(strict), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class BuildError(Exception):
    """Raised by the build when the report has failed; carries the report."""

    def __init__(self, report: Report, message: str) -> None:
        super().__init__(message)
        self.report = report


class InternalError(Exception):
    """An unexpected failure (a bug), with the file or step being processed when it happened."""

    def __init__(self, where: str, cause: BaseException | str) -> None:
        detail = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
        super().__init__(where, detail)
        self.where, self.detail = where, detail

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"
