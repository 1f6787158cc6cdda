"""ICAO 9303 state and organisation codes to ISO 3166-1 alpha-2.

An MRZ writes nationality and issuing state as ICAO three-letter codes. Nearly all of them are the
ISO 3166-1 alpha-3 codes, which FollowTheMoney's maintained country registry already knows. The
few that ICAO adds (Doc 9303 Part 3, "Codes for nationality, place of birth, location of issuing
State/authority") are in the table below and only there: Germany's one-letter ``D``, the British
nationality classes, UN and other international issuers, and the stateless/refugee codes. Codes
that name no nationality (an organisation, a stateless person) map to ``None``, so that screening
never pretends the holder has a nationality the document does not state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from followthemoney.types import registry


@dataclass(frozen=True)
class IcaoCode:
    code: str  # as written in the MRZ, fillers removed: "D", "GBN", "RUS"
    country: str | None  # ISO 3166-1 alpha-2 (or FtM territory code), None if no nationality
    meaning: str


# ICAO-specific codes only; everything else is ISO 3166-1 alpha-3, resolved through FtM.
_ICAO_ONLY: dict[str, tuple[str | None, str]] = {
    "D": ("de", "Germany"),
    "GBD": ("gb", "British Overseas Territories Citizen"),
    "GBN": ("gb", "British National (Overseas)"),
    "GBO": ("gb", "British Overseas Citizen"),
    "GBP": ("gb", "British Protected Person"),
    "GBS": ("gb", "British Subject"),
    "UNO": (None, "United Nations Organization or one of its officials"),
    "UNA": (None, "a specialized agency of the United Nations or one of its officials"),
    "UNK": ("xk", "resident of Kosovo with a travel document issued by UNMIK"),
    "RKS": ("xk", "Kosovo (code used on Republic of Kosovo documents)"),
    "EUE": (None, "European Union (issuer of the EU laissez-passer)"),
    "XBA": (None, "African Development Bank"),
    "XIM": (None, "African Export-Import Bank"),
    "XCC": (None, "Caribbean Community (CARICOM) or one of its emissaries"),
    "XCE": (None, "Council of Europe"),
    "XCO": (None, "Common Market for Eastern and Southern Africa (COMESA)"),
    "XEC": (None, "Economic Community of West African States (ECOWAS)"),
    "XPO": (None, "International Criminal Police Organization (INTERPOL)"),
    "XES": (None, "Organization of Eastern Caribbean States (OECS)"),
    "XMP": (None, "Parliamentary Assembly of the Mediterranean"),
    "XOM": (None, "Sovereign Military Order of Malta or one of its emissaries"),
    "XDC": (None, "Southern African Development Community (SADC)"),
    "XXA": (None, "stateless person (1954 Convention relating to the Status of Stateless Persons)"),
    "XXB": (None, "refugee (1951 Convention relating to the Status of Refugees, 1967 Protocol)"),
    "XXC": (None, "refugee other than under the 1951 Convention"),
    "XXX": (None, "person of unspecified nationality"),
    "UTO": (None, "Utopia, the fictitious state of the ICAO 9303 specimen documents"),
}


@lru_cache(maxsize=1024)
def icao_code(text: str) -> IcaoCode | None:
    """The meaning of an ICAO code (``"D<<"``, ``"GBN"``, ``"RUS"``), or None if it is not one."""
    code = text.strip("<").strip()
    if code in _ICAO_ONLY:
        country, meaning = _ICAO_ONLY[code]
        return IcaoCode(code, country, meaning)
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return None
    country = registry.country.clean(code, fuzzy=False)
    if country is None:
        return None
    return IcaoCode(code, country, registry.country.caption(country) or code)
