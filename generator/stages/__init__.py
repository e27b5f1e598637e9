"""The stages of the pipeline, in order: ingest → clean (with metadata) → extract → link → check."""
