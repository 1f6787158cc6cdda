"""Bundled real list excerpts (see data/default/SOURCE.md)."""

from importlib.resources import files
from pathlib import Path


def default_lists() -> list[Path]:
    """The bundled default list files, one per source, in load order."""
    root = Path(str(files("magnitsky.data") / "default"))
    return [root / "ofac_sdn" / "sdn.csv", root / "un_sc" / "consolidated.xml"]
