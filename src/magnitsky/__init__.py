"""Magnitsky: targeted-sanctions list ingestion, screening and enforcement."""

__version__ = "0.1.0"
