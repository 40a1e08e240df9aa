"""Exports (data-standard §5): registry tables written as Parquet (and CSV on request)."""
