"""How fast this machine is at the moment: the seconds of a fixed workload on one core.

The project's machine is a virtual one whose speed varies from hour to hour (the same
build at N = 10,000 took 240 s and, an hour later, 358 s) without the kernel counting
any stolen time. ``benchmarks/perf.py`` runs :func:`reference_s` before and after each
build, so that a run's figures can be read against the machine's speed at the time: a
build twice as slow with a reference twice as slow is the machine, not the code.

The workload is the kind of work the build does (Python loops over strings and dicts,
regular expressions over Chinese text, zlib) and does not depend on gongkai's code, so
that the reference stays the same when the code changes. About 0.8 s on a slow day.

    python benchmarks/machine.py
"""
from __future__ import annotations

import re
import statistics
import time
import zlib

TEXT = ("关于对市政协五届二次会议第051号提案的答复。2022年全市高新技术企业达到139家，"
        "科技型中小企业入库312家，兑付科技创新券71.25万元。2023年力争高新技术企业达到144家。\n") * 400
FIGURE = re.compile(r"(\d+(?:\.\d+)?)(万元|家|个|项)")
YEAR = re.compile(r"(?<!\d)(20\d\d)年")


def workload() -> int:
    """The fixed work; returns a checksum so that nothing can be skipped."""
    total = 0
    counts: dict[str, int] = {}
    for _ in range(30):
        for m in FIGURE.finditer(TEXT):
            counts[m.group(2)] = counts.get(m.group(2), 0) + len(m.group(1))
        total += sum(int(m.group(1)) for m in YEAR.finditer(TEXT))
        total += sum(1 for ch in TEXT if "\u4e00" <= ch <= "\u9fff")
        total += len(zlib.compress(TEXT.encode("utf-8"), 6))
    for i in range(5_000_000):
        total += i % 7
    return total + sum(counts.values())


def reference_s(runs: int = 3) -> float:
    """The median time of ``runs`` runs of the workload, in seconds (lower is faster)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        workload()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 2)


if __name__ == "__main__":
    print(f"reference workload: {reference_s()} s")
