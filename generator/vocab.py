"""Vocabularies kept as data files in ``generator/data/*.yml``."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@functools.cache
def load(name: str) -> Any:
    """Load ``generator/data/<name>.yml`` (cached; treat the result as read-only)."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)
