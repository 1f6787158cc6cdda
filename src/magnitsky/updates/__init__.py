"""Keeping the lists current: where each authority publishes its list (:mod:`catalogue`), fetching
it only when it changed (:mod:`download`), and loading it as the next version (:mod:`updater`)."""

from magnitsky.updates.catalogue import BUNDLED, CatalogueError, Publication, catalogue
from magnitsky.updates.download import DownloadError, fetch
from magnitsky.updates.updater import Outcome, Updater, Watch

__all__ = [
    "BUNDLED",
    "CatalogueError",
    "DownloadError",
    "Outcome",
    "Publication",
    "Updater",
    "Watch",
    "catalogue",
    "fetch",
]
