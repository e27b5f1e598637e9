"""Maintenance tools: scripts that regenerate the data files in generator/data."""
