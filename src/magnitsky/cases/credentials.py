"""A reviewer's password and the setup code that lets them choose it.

Passwords are people's choices, so they are stored as argon2id hashes (memory-hard: a stolen
table costs an attacker real work per guess), never in the clear and never logged.

A new account (or a password reset) gets a one-time setup code in two halves: the administrator
who asks for the account is shown the first, the administrator who approves it the second, and
the reviewer needs both to choose a password. Neither administrator alone can take the account
over, which is what keeps one person from holding two reviewers' credentials. The halves are
random, so a keyed SHA-256 of each is enough to store them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from magnitsky.cases.errors import CaseError

MIN_PASSWORD = 12  # characters; long passphrases beat complexity rules (NIST SP 800-63B)
SETUP_VALID = timedelta(days=7)
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise CaseError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_half() -> tuple[str, str]:
    """A random half of a setup code and what is stored of it (``salt$digest``)."""
    half, salt = secrets.token_hex(5), secrets.token_hex(8)
    return half, f"{salt}${_digest(salt, half)}"


def setup_record(first: str, second: str) -> tuple[str, datetime]:
    """What the account keeps of both halves' hashes, and when the code expires."""
    return f"{first}|{second}", datetime.now(UTC) + SETUP_VALID


def setup_matches(record: str | None, expires_at: datetime | None, code: str) -> bool:
    """The code typed (``first-second``) fits the stored halves and has not expired."""
    if not record or expires_at is None:
        return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    if expires_at < datetime.now(UTC):
        return False
    halves = code.strip().lower().split("-")
    stored = record.split("|")
    if len(halves) != 2 or len(stored) != 2:
        return False
    checks = []
    for half, kept in zip(halves, stored, strict=True):
        salt, digest = kept.split("$")
        checks.append(hmac.compare_digest(_digest(salt, half), digest))
    return all(checks)


def _digest(salt: str, value: str) -> str:
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()
