"""``python -m magnitsky``: the same command line as ``magnitsky``."""

from magnitsky.cli import main

if __name__ == "__main__":
    main()
