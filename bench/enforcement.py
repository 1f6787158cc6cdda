"""Enforcement speed, both doors: visa/border (MRZ parses, visa decisions) and payments
(messages screened), each against its baseline measured in the same run.
Run: python bench/enforcement.py [--documents N] [--messages N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import enforcement_payments  # noqa: E402
import enforcement_visa  # noqa: E402
from common import SHARED_DATA  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--documents", type=int, default=2000, help="MRZ documents for the visa benchmark")
    parser.add_argument("--messages", type=int, default=1000, help="payment messages for the payment benchmark")
    args = parser.parse_args()
    enforcement_visa.run(args.data, args.documents)
    enforcement_payments.run(args.data, args.messages)


if __name__ == "__main__":
    main()
