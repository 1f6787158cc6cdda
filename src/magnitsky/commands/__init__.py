"""Command groups of the ``magnitsky`` CLI beyond list management, one module per area.

Each module has ``register(app)`` adding its commands; :mod:`magnitsky.cli` calls them all.
Shared plumbing (store, screener, errors, output) is in :mod:`magnitsky.commands.context`.
"""
