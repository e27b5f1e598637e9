"""Clean: a decoded source as normalised lines (``lines``), without page debris (``debris``),
joined into headings and paragraphs (``blocks``). Cleaning never loses content silently:
only debris listed in ``data/debris.yml`` is removed, and each removal is recorded."""
