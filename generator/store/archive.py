"""Reproducible ZIP archives: sorted entries, one time stamp, fixed permissions."""
from __future__ import annotations

import zipfile
from typing import BinaryIO, Iterable

from .. import dates


def write_zip(target: BinaryIO | str, entries: Iterable[tuple[str, bytes]], epoch: int) -> None:
    """Write ``entries`` (name, bytes), sorted by name, dated ``epoch`` (clamped to what ZIP stores)."""
    stamp = dates.zip_time(epoch)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
