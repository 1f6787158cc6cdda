"""Everything an operator can set, read once from the environment and the global options.

One :class:`Settings` is built per process (``Settings.from_env``) and handed to every front end:
the CLI, the HTTP service (``magnitsky serve`` passes it to its workers through the environment,
``Settings.to_env``), batch and Spark. So an authority's measures table or jurisdiction rules in the
data directory apply at every door, and a threshold has one name and one default, here.

Parts: ``store`` (where the data lives), ``screening`` (thresholds and the authority's rule files),
``service`` (the HTTP service's limits), ``update`` (fetching the lists) and ``log_level``. Every
environment variable is listed in :data:`VARIABLES` and documented in docs/configuration.md (a test
keeps the two in step).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from magnitsky.errors import ConfigurationError

# The thresholds, each with one job (see ThresholdSettings); the screening modules take their defaults from here.
MATCH_THRESHOLD = 0.85  # a candidate scoring this or more is a match: an alert, a REFER, a HOLD
CONFIRM_THRESHOLD = 0.92  # visa: at or above, with the birth date or the document agreeing, a confirmed identity
REVIEW_THRESHOLD = 0.75  # payments: below the match threshold, at or above this a reviewer looks
FOUR_EYES_THRESHOLD = 0.95  # clearing an alert scored at or above this as a false positive needs a second reviewer
SHRINK_LIMIT = 0.2  # the share of a list's entries one load may remove without being allowed to (store.lists)
UPDATE_MAX_BYTES = 536_870_912  # a downloaded list file larger than this is refused (the whole SDN XML is ~20 MB)
UPDATE_TIMEOUT = 120.0  # seconds a publisher may keep `magnitsky update` waiting for the next bytes

MEASURES_FILE = "measures.json"  # an authority's measures table, in the data directory
SOURCES_FILE = "sources.json"  # an authority's changes to the catalogue of publications (updates.catalogue)
JURISDICTIONS_FILE = "jurisdictions.json"  # an authority's jurisdiction rules, in the data directory
LOG_LEVELS = ("debug", "info", "warning", "error")
PASSWORD = "MAGNITSKY_DB_PASSWORD"
PASSWORD_FILE = "MAGNITSKY_DB_PASSWORD_FILE"
PRIVATE_DIRECTORY, PRIVATE_FILE = 0o700, 0o600  # the data directory and its files: the owner's only
DATABASE = "magnitsky.db"  # the SQLite database in the data directory
_OURS = (DATABASE, "index")  # what makes a directory a Magnitsky home (never tighten one that is not)


class SettingsError(ConfigurationError):
    """An environment variable, option or password file is unusable; names which and why."""


@dataclass(frozen=True)
class StoreSettings:
    home: Path  # the data directory: SQLite database, saved indexes (home/index), the authority's rule files
    database_url: str = field(repr=False)  # may hold the database password: never printed
    shrink_limit: float = SHRINK_LIMIT  # a load removing more of a list's entries is refused unless allowed
    registry_keys: Path | None = None  # the registry's key files; None: home/registry/keys

    def __post_init__(self) -> None:
        if not 0.0 <= self.shrink_limit <= 1.0:
            raise SettingsError(f"the shrink limit must be a share between 0 and 1, got {self.shrink_limit}")

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


@dataclass(frozen=True)
class ThresholdSettings:
    """Scores (0..1) at which a candidate changes what happens, one per job."""

    match: float = MATCH_THRESHOLD  # a possible match: reported as a match, a visa REFER, a payment HOLD
    confirm: float = CONFIRM_THRESHOLD  # with a confirming birth date or document, a confirmed identity (visa DENY)
    review: float = REVIEW_THRESHOLD  # payments: below match, at or above this a reviewer still looks
    four_eyes: float = FOUR_EYES_THRESHOLD  # clearing an alert scored at or above this needs a second reviewer

    def __post_init__(self) -> None:
        for name in ("match", "confirm", "review", "four_eyes"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(f"the {name} threshold must be between 0 and 1, got {getattr(self, name)}")
        if not self.review <= self.match <= self.confirm:
            raise SettingsError(
                f"thresholds out of order: review {self.review} <= match {self.match} <= confirm {self.confirm} "
                "expected"
            )


@dataclass(frozen=True)
class ScreeningSettings:
    thresholds: ThresholdSettings = field(default_factory=ThresholdSettings)
    measures_file: Path | None = None  # None: the bundled measures table
    jurisdictions_file: Path | None = None  # None: the bundled jurisdiction rules


@dataclass(frozen=True)
class ServiceSettings:
    """The HTTP service's limits (``magnitsky serve``)."""

    max_body_bytes: int = 1_048_576  # larger requests get 413
    max_upload_bytes: int = 268_435_456  # a list file an administrator loads on the lists page (web.uploads)
    max_evidence_bytes: int = 26_214_400  # a nomination with its evidence files, on the public form (web.uploads)
    rate: float = 50.0  # requests per second per key and worker, unless the key has its own rate
    burst: float = 100.0  # requests a key may send at once before the rate applies
    reload_poll_seconds: float = 30.0  # how often a worker looks for new list versions; 0 = never
    key_cache_seconds: float = 5.0  # how long a checked key is trusted before it is looked up again
    max_head_bytes: int = 65_536  # request line and headers; larger ones get 431 (api.protocol)
    max_headers: int = 100  # header fields in one request; more get 431 (api.protocol)
    request_timeout_seconds: float = 30.0  # to receive a whole request; slower clients get 408 (api.protocol)
    secure_cookies: bool = True  # web sign-in cookies only over HTTPS; false for plain HTTP (tests, a loopback proxy)


@dataclass(frozen=True)
class UpdateSettings:
    """Where ``magnitsky update`` fetches the lists from, and its limits."""

    sources_file: Path | None = None  # the authority's catalogue changes; None: the bundled catalogue as is
    max_bytes: int = UPDATE_MAX_BYTES  # a list file larger than this is refused, nothing kept
    timeout_seconds: float = UPDATE_TIMEOUT  # to connect, and between two reads of a download
    interval_seconds: float = 0.0  # `magnitsky serve` runs an update this often; 0 = never (cron does it)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.timeout_seconds <= 0 or self.interval_seconds < 0:
            raise SettingsError(
                "update limits must be positive (max bytes, timeout) and the interval 0 or more, got "
                f"{self.max_bytes}, {self.timeout_seconds}, {self.interval_seconds}"
            )


@dataclass(frozen=True)
class Variable:
    """An environment variable: the setting it fills (a dotted path) and how its text is read."""

    name: str
    setting: str
    parse: Callable[[str], object]
    alias: bool = False  # an older name, read but never written


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError("not a number") from None


def _switch(text: str) -> bool:
    if text.lower() not in ("1", "true", "yes", "0", "false", "no"):
        raise ValueError("use true or false")
    return text.lower() in ("1", "true", "yes")


def _level(text: str) -> str:
    if text.lower() not in LOG_LEVELS:
        raise ValueError(f"use one of {', '.join(LOG_LEVELS)}")
    return text.lower()


VARIABLES = (
    Variable("MAGNITSKY_HOME", "store.home", Path),
    Variable("MAGNITSKY_DB", "store.database_url", str),
    Variable("MAGNITSKY_SHRINK_LIMIT", "store.shrink_limit", _number),
    Variable("MAGNITSKY_REGISTRY_KEYS", "store.registry_keys", Path),
    Variable("MAGNITSKY_MATCH_THRESHOLD", "screening.thresholds.match", _number),
    Variable("MAGNITSKY_API_THRESHOLD", "screening.thresholds.match", _number, alias=True),
    Variable("MAGNITSKY_CONFIRM_THRESHOLD", "screening.thresholds.confirm", _number),
    Variable("MAGNITSKY_REVIEW_THRESHOLD", "screening.thresholds.review", _number),
    Variable("MAGNITSKY_FOUR_EYES_THRESHOLD", "screening.thresholds.four_eyes", _number),
    Variable("MAGNITSKY_MEASURES", "screening.measures_file", Path),
    Variable("MAGNITSKY_JURISDICTIONS", "screening.jurisdictions_file", Path),
    Variable("MAGNITSKY_API_MAX_BODY", "service.max_body_bytes", int),
    Variable("MAGNITSKY_WEB_MAX_UPLOAD", "service.max_upload_bytes", int),
    Variable("MAGNITSKY_MAX_EVIDENCE", "service.max_evidence_bytes", int),
    Variable("MAGNITSKY_API_RATE", "service.rate", _number),
    Variable("MAGNITSKY_API_BURST", "service.burst", _number),
    Variable("MAGNITSKY_API_RELOAD_POLL", "service.reload_poll_seconds", _number),
    Variable("MAGNITSKY_API_KEY_CACHE", "service.key_cache_seconds", _number),
    Variable("MAGNITSKY_API_MAX_HEAD", "service.max_head_bytes", int),
    Variable("MAGNITSKY_API_MAX_HEADERS", "service.max_headers", int),
    Variable("MAGNITSKY_API_REQUEST_TIMEOUT", "service.request_timeout_seconds", _number),
    Variable("MAGNITSKY_SECURE_COOKIES", "service.secure_cookies", _switch),
    Variable("MAGNITSKY_SOURCES", "update.sources_file", Path),
    Variable("MAGNITSKY_UPDATE_MAX_BYTES", "update.max_bytes", int),
    Variable("MAGNITSKY_UPDATE_TIMEOUT", "update.timeout_seconds", _number),
    Variable("MAGNITSKY_UPDATE_INTERVAL", "update.interval_seconds", _number),
    Variable("MAGNITSKY_LOG_LEVEL", "log_level", _level),
)


@dataclass(frozen=True)
class Settings:
    store: StoreSettings
    screening: ScreeningSettings = field(default_factory=ScreeningSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)
    update: UpdateSettings = field(default_factory=UpdateSettings)
    log_level: str | None = None  # None: each front end's own (the CLI warning, the service info)

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        home: Path | None = None,
        db: str | None = None,
        log_level: str | None = None,
    ) -> Settings:
        """The settings from ``environ`` (default: this process's), the global options winning over it.

        Unset: the data directory is ``~/.magnitsky``; the database SQLite in it; the measures table
        and jurisdiction rules the authority's files in it when present, else the bundled ones. A
        password for a database URL without one comes from MAGNITSKY_DB_PASSWORD or the file named
        by MAGNITSKY_DB_PASSWORD_FILE, so it need not appear on a command line (visible in ``ps``)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for variable in VARIABLES:  # a current name before its alias: the first one set wins
            text = env.get(variable.name, "").strip()
            if text and variable.setting not in values:
                try:
                    values[variable.setting] = variable.parse(text)
                except ValueError as exc:
                    raise SettingsError(f"{variable.name}={text!r}: {exc}") from None
        overrides = {"store.home": home, "store.database_url": db, "log_level": log_level}
        values.update({key: value for key, value in overrides.items() if value is not None})
        directory = private_home(Path(values.pop("store.home", None) or Path.home() / ".magnitsky").expanduser())
        url = str(values.pop("store.database_url", None) or "")
        url = url or sqlite_url(directory)
        for key, name in (
            ("screening.measures_file", MEASURES_FILE),
            ("screening.jurisdictions_file", JURISDICTIONS_FILE),
            ("update.sources_file", SOURCES_FILE),
        ):
            if key not in values and (directory / name).is_file():
                values[key] = directory / name
        return cls(
            store=StoreSettings(directory, _with_password(url, env), **_part(values, "store.")),
            screening=ScreeningSettings(
                ThresholdSettings(**_part(values, "screening.thresholds.")), **_part(values, "screening.")
            ),
            service=ServiceSettings(**_part(values, "service.")),
            update=UpdateSettings(**_part(values, "update.")),
            **_part(values, ""),
        )

    def value(self, setting: str) -> object:
        """A setting by its dotted path, e.g. ``screening.thresholds.match``."""
        value: object = self
        for name in setting.split("."):
            value = getattr(value, name)
        return value

    def to_env(self) -> dict[str, str]:
        """The environment variables that rebuild these settings in another process (the service's workers).

        The database URL goes with its password, so a password variable of this process must not
        go too: :data:`PASSWORD` and :data:`PASSWORD_FILE` are to be removed."""
        pairs = ((variable.name, self.value(variable.setting)) for variable in VARIABLES if not variable.alias)
        return {name: str(value) for name, value in pairs if value is not None}


def private_home(home: Path) -> Path:
    """Create ``home`` readable by its owner only, or tighten an existing Magnitsky home and the
    entries directly in it; a directory that is not one (e.g. ``--home`` pointed at a shared
    folder holding nothing of ours) keeps its mode.

    The directory holds customers' names, decisions and the audit trail, so only its owner may read
    it: it is created 0700 and its files 0600 (a directory an older release left 0755, with its
    database 0644, is tightened when next opened). The CLI also sets the umask to 077 so files
    written later (the SQLite journal, the saved indexes, exports) are private too."""
    home = Path(home)
    if not home.exists():
        home.mkdir(mode=PRIVATE_DIRECTORY, parents=True)
        home.chmod(PRIVATE_DIRECTORY)  # mkdir's mode is filtered by the umask; say it exactly
        return home
    if not any((home / name).exists() for name in _OURS):
        return home
    _tighten(home, PRIVATE_DIRECTORY)
    for entry in home.iterdir():
        if not entry.is_symlink():
            _tighten(entry, PRIVATE_DIRECTORY if entry.is_dir() else PRIVATE_FILE)
    return home


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(current & mode)


def sqlite_url(home: Path) -> str:
    """The SQLite database in the data directory ``home``, both created private if missing (the
    file 0600: SQLite gives its journal files the database file's mode)."""
    database = private_home(home) / DATABASE
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    except FileExistsError:
        pass
    return f"sqlite:///{database}"


def _part(values: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The values directly under ``prefix`` (not those of a deeper part), keyed by field name."""
    return {
        key[len(prefix) :]: value
        for key, value in values.items()
        if key.startswith(prefix) and "." not in key[len(prefix) :]
    }


def _with_password(url: str, env: Mapping[str, str]) -> str:
    password, password_file = env.get(PASSWORD), env.get(PASSWORD_FILE)
    if password and password_file:
        raise SettingsError(f"set {PASSWORD} or {PASSWORD_FILE}, not both")
    if password_file:
        try:
            password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(
                f"{PASSWORD_FILE}: cannot read {password_file}: {getattr(exc, 'strerror', exc)}"
            ) from None
        if not password:
            raise SettingsError(f"{PASSWORD_FILE}: {password_file} is empty")
    if not password:
        return url
    from sqlalchemy.engine import make_url  # only to set a password: settings are read by every command
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError("the database URL is not a URL (expected e.g. postgresql+psycopg://user@host/db)") from None
    if parsed.get_backend_name() == "sqlite":
        raise SettingsError(f"a database password is set ({PASSWORD} or {PASSWORD_FILE}) but the database is SQLite")
    if parsed.password is not None:
        raise SettingsError(f"the database URL holds a password and {PASSWORD} or {PASSWORD_FILE} another; give one")
    return parsed.set(password=password).render_as_string(hide_password=False)
