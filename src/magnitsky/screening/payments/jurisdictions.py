"""Country- and region-wide rules: embargoes that reach a payment whoever its parties are.

A targeted listing names a person; an embargo names a place. A rule matches a party by its
countries (address, BIC, IBAN) or by place names in its address ("Sevastopol", "so-called DNR").
The bundled ``jurisdictions.json`` documents the default; a bank or authority replaces it with
its own file, and every decision records the rules version it applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from magnitsky.errors import ConfigurationError
from magnitsky.screening.payments.parties import Party

BUNDLED_RULES = Path(__file__).with_name("jurisdictions.json")
RULE_DECISIONS = ("BLOCK", "REJECT", "HOLD")


class JurisdictionRulesError(ConfigurationError):
    """The rules file is unreadable or malformed; says which file and which rule."""


@dataclass(frozen=True)
class JurisdictionRule:
    id: str
    name: str
    decision: str  # one of RULE_DECISIONS
    basis: str
    countries: frozenset[str]
    pattern: re.Pattern | None  # place names, whole words, case-insensitive


@dataclass(frozen=True)
class JurisdictionHit:
    rule: JurisdictionRule
    evidence: str  # "address country ir", "BIC BMJIIRTH", "address mentions 'Sevastopol'"


@dataclass(frozen=True)
class JurisdictionRules:
    version: str
    rules: tuple[JurisdictionRule, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> JurisdictionRules:
        return _load(Path(path) if path else BUNDLED_RULES)

    def check(self, party: Party) -> list[JurisdictionHit]:
        """Every rule the party falls under, each with what tied it to the jurisdiction."""
        countries = party.countries
        address = party.address.text if party.address else ""
        hits = []
        for rule in self.rules:
            tied = next((c for c in countries if c in rule.countries), None)
            if tied:
                where = countries[tied]
                hits.append(JurisdictionHit(rule, f"{where} country {tied.upper()}" if where == "address" else where))
            elif rule.pattern and address and (found := rule.pattern.search(address)):
                hits.append(JurisdictionHit(rule, f"address mentions {found.group()!r}"))
        return hits


@lru_cache(maxsize=8)
def _load(path: Path) -> JurisdictionRules:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rules = tuple(_rule(entry) for entry in data["rules"])
        return JurisdictionRules(str(data["version"]), rules)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
        raise JurisdictionRulesError(
            f"{path}: not a valid jurisdiction rules file ({type(exc).__name__}: {exc})"
        ) from None


def _rule(entry: dict) -> JurisdictionRule:
    decision = entry["decision"]
    if decision not in RULE_DECISIONS:
        raise ValueError(f"rule {entry.get('id')!r}: decision {decision!r} is not one of {', '.join(RULE_DECISIONS)}")
    patterns = [str(p) for p in entry.get("patterns", ())]
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in patterns) + r")(?!\w)", re.IGNORECASE)
        if patterns
        else None
    )
    return JurisdictionRule(
        str(entry["id"]),
        str(entry["name"]),
        decision,
        str(entry["basis"]),
        frozenset(c.lower() for c in entry.get("countries", ())),
        pattern,
    )
