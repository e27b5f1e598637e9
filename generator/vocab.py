"""Vocabularies kept as data files in ``generator/data/*.yml``."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
# libyaml's loader when PyYAML has it: the same data, ten times faster (regions.yml has
# 3,200 lines: 0.8 s with the pure-Python loader, 0.09 s with libyaml).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load(name: str) -> Any:
    """Load ``generator/data/<name>.yml`` (cached; treat the result as read-only)."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)  # noqa: S506 (a safe loader)
