"""Magnitsky: targeted-sanctions list ingestion, screening and enforcement.

The Python API in one line: ``Screener.from_store(ListStore(url)).screen({"schema": "Person",
"properties": {"name": ["Dmitry Klyuev"], "birthDate": ["1967"]}})``.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy, so that `import magnitsky.sources` does not pay for the matcher's imports.
    if name == "Screener":
        from magnitsky.screening import Screener

        return Screener
    raise AttributeError(name)
