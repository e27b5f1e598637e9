"""The one worker policy: how the build uses the machine's cores.

* :func:`map_ordered` runs a pure function over many items (documents to clean and
  extract, pages to render) on all cores, in forked worker processes that inherit what
  they need (``context``) instead of receiving it pickled; below :data:`PARALLEL_MIN`
  items, or on one core, it runs in this process.
* :func:`start` starts a helper program (an MkDocs renderer, the search indexer) as a
  separate process with its own environment, niced when it should give way;
  :func:`render_workers` says how many MkDocs renderers share a site's pages.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8
PARALLEL_MIN = 64  # below this many items, starting worker processes costs more than it saves
RENDER_MIN_PAGES = 300  # below this many pages one MkDocs process renders them all (starting one takes 1-2 s)
RENDER_WORKERS_ENV = "GONGKAI_RENDER_WORKERS"  # overrides render_workers() (tests, benchmarks)
_context = None  # set in forked workers only (see _init): what map_ordered's function reads


def workers() -> int:
    """How many processes work at once: one per core, at most MAX_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def render_workers(pages: int) -> int:
    """How many MkDocs processes render a site of ``pages`` pages, each its share of them
    (generator/site/render.py): one per core, or one for a small site."""
    forced = os.environ.get(RENDER_WORKERS_ENV)
    if forced:
        return max(1, int(forced))
    return workers() if pages >= RENDER_MIN_PAGES else 1


def _init(context) -> None:
    global _context
    _context = context


def _call(job: tuple[Callable, list]) -> list:
    fn, chunk = job
    return [fn(_context, item) for item in chunk]


def map_ordered(fn: Callable[[object, T], R], items: Iterable[T], context=None, *, chunksize: int = 16,
                progress: Callable[[int], None] | None = None) -> Iterator[R]:
    """``fn(context, item)`` for each item, in order, on all cores when there are enough.

    ``fn`` must be a module-level function; ``context`` (the corpus …) reaches forked
    workers by inheritance, never pickled.
    """
    items = list(items)
    n = workers()
    if len(items) < PARALLEL_MIN or n < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for i, item in enumerate(items, 1):
            yield fn(context, item)
            if progress:
                progress(i)
        return
    chunks = [(fn, items[i:i + chunksize]) for i in range(0, len(items), chunksize)]
    done = 0
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_init,
                             initargs=(context,)) as pool:
        for results in pool.map(_call, chunks):
            yield from results
            done += len(results)
            if progress:
                progress(done)


_PR_SET_PDEATHSIG = 1


def _child_setup(nice: int) -> None:
    """In a started process, before it runs: die with its parent (a killed build leaves no
    renderer or indexer writing on), and give way by ``nice``."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux
        pass
    if nice and hasattr(os, "nice"):
        os.nice(nice)


def start(module: str, *args: str, env: dict | None = None, nice: int = 0, **popen) -> subprocess.Popen:
    """``python -m module args`` as a separate process (this interpreter, ``env`` added)."""
    return subprocess.Popen([sys.executable, "-m", module, *args], env={**os.environ, **(env or {})},
                            preexec_fn=lambda: _child_setup(nice), **popen)
