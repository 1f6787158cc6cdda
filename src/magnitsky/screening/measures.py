"""Which measures (asset freeze, travel ban, ...) apply to a listed entry, and why.

UK, EU, UN and Canada state measures per entry and the parsers keep them; those are read as
stated. OFAC entries do not say whether entry to the US is barred; for them a documented,
versioned table per program (``measures_table.json``) says so, and an authority can replace it
with its own file. Every answer carries its basis, so a DENY or BLOCK can cite it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from magnitsky.errors import ConfigurationError
from magnitsky.model import Entity

ASSET_FREEZE = "asset_freeze"
TRAVEL_BAN = "travel_ban"
BUNDLED_TABLE = Path(__file__).with_name("measures_table.json")


class MeasuresTableError(ConfigurationError):
    """The measures table file is unreadable or malformed; says which file and what."""


@dataclass(frozen=True)
class AppliedMeasures:
    measures: frozenset[str]
    basis: tuple[str, ...]  # why: "stated by un_sc", "MAGNIT: Sergei Magnitsky ... (table 2026-11-25)"

    @property
    def freeze(self) -> bool:
        return ASSET_FREEZE in self.measures

    @property
    def travel_ban(self) -> bool:
        return TRAVEL_BAN in self.measures


@dataclass(frozen=True)
class SourceRules:
    default: frozenset[str]
    programs: dict[str, tuple[frozenset[str], str]]  # program -> (measures, legal basis)


@dataclass(frozen=True)
class MeasuresTable:
    version: str
    sources: dict[str, SourceRules]

    @classmethod
    def load(cls, path: Path | None = None) -> MeasuresTable:
        return _load(Path(path) if path else BUNDLED_TABLE)

    def fingerprint(self) -> str:
        """A digest of the whole table: what is derived from it (the entities blocked by the
        ownership rule, in a saved index) is found again by it, and redone when an authority
        edits its table without changing the version."""
        canonical = {
            source: [sorted(rules.default), {code: [sorted(m), basis] for code, (m, basis) in rules.programs.items()}]
            for source, rules in self.sources.items()
        }
        text = json.dumps([self.version, canonical], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def for_entity(self, entity: Entity) -> AppliedMeasures:
        measures = set(entity.measures)
        basis = [f"stated by {entity.source}: {', '.join(sorted(entity.measures))}"] if entity.measures else []
        rules = self.sources.get(entity.source)
        if rules is None:
            return AppliedMeasures(frozenset(measures), tuple(basis))
        for program in entity.programs:
            if program in rules.programs:
                program_measures, why = rules.programs[program]
                if program_measures - measures:
                    measures |= program_measures
                    basis.append(
                        f"{program}: {', '.join(sorted(program_measures))} - {why} (measures table {self.version})"
                    )
        if not measures:
            measures |= rules.default
            basis.append(
                f"default for {entity.source}: {', '.join(sorted(rules.default))} (measures table {self.version})"
            )
        return AppliedMeasures(frozenset(measures), tuple(basis))


@lru_cache(maxsize=8)
def _load(path: Path) -> MeasuresTable:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sources = {
            source: SourceRules(
                frozenset(rules.get("default", ())),
                {
                    code: (frozenset(entry["measures"]), str(entry.get("basis", "")))
                    for code, entry in rules["programs"].items()
                },
            )
            for source, rules in data["sources"].items()
        }
        return MeasuresTable(str(data["version"]), sources)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise MeasuresTableError(f"{path}: not a valid measures table ({type(exc).__name__}: {exc})") from None
