"""Programs (regimes) as users ask for them: by the code a list writes or by the regime's name, in
any case.

Lists write programs differently: OFAC only as codes (``GLOMAG``), the UK as the regime's name and
code (``Global Human Rights``, ``GHR``), Canada as a long label. A user types "jvcfoa" or "global
magnitsky". A query finds a program when it is the program's code or name in another case, else
when every word of the query is a word of it ("human rights" finds "Global Human Rights"). OFAC's codes
carry no name in the files, so the names of its best-known programs are given here, from OFAC's
program pages (and BIS's Denied Persons List, whose program code ``DPL`` the parser gives); a code
missing here is still found by the code itself.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")

# OFAC program code -> the program's name, for the lists of sources named ofac_*.
OFAC_PROGRAM_NAMES = {
    "561-Related": "Part 561 of the Iranian Financial Sanctions Regulations (CAPTA list)",
    "BELARUS": "Belarus sanctions",
    "BELARUS-EO14038": "Belarus sanctions (E.O. 14038)",
    "BURMA-EO14014": "Burma sanctions (E.O. 14014)",
    "CAATSA - RUSSIA": "Countering America's Adversaries Through Sanctions Act, Russia",
    "CMIC-EO13959": "Chinese Military-Industrial Complex (E.O. 13959)",
    "CUBA": "Cuban Assets Control Regulations",
    "CYBER2": "Cyber-related sanctions (E.O. 13694 as amended)",
    "FSE-IR": "Foreign Sanctions Evaders, Iran",
    "FSE-SY": "Foreign Sanctions Evaders, Syria",
    "FTO": "Foreign Terrorist Organizations",
    "GLOMAG": "Global Magnitsky sanctions (E.O. 13818, Global Magnitsky Human Rights Accountability Act)",
    "HK-EO13936": "Hong Kong Normalization (E.O. 13936)",
    "IFSR": "Iranian Financial Sanctions Regulations",
    "ILLICIT-DRUGS-EO14059": "Illicit drugs (E.O. 14059)",
    "IRAN": "Iranian Transactions and Sanctions Regulations",
    "IRAN-HR": "Iran human rights abuses (E.O. 13553)",
    "IRGC": "Islamic Revolutionary Guard Corps",
    "MAGNIT": "Sergei Magnitsky Rule of Law Accountability Act",
    "NICARAGUA": "Nicaragua sanctions",
    "NPWMD": "Non-Proliferation of Weapons of Mass Destruction (E.O. 13382)",
    "NS-PLC": "Non-SDN Palestinian Legislative Council list",
    "RUSSIA-EO14024": "Russian Harmful Foreign Activities (E.O. 14024)",
    "SDGT": "Specially Designated Global Terrorists (E.O. 13224)",
    "SDNT": "Specially Designated Narcotics Traffickers (E.O. 12978)",
    "SDNTK": "Foreign Narcotics Kingpin Designation Act",
    "SYRIA": "Syria sanctions",
    "TCO": "Transnational Criminal Organizations",
    "UKRAINE-EO13660": "Ukraine-/Russia-related sanctions (E.O. 13660)",
    "UKRAINE-EO13661": "Ukraine-/Russia-related sanctions (E.O. 13661)",
    "UKRAINE-EO13662": "Ukraine-/Russia-related sanctions (E.O. 13662)",
    "UKRAINE-EO13685": "Ukraine-/Russia-related sanctions, Crimea (E.O. 13685)",
    "VENEZUELA": "Venezuela sanctions",
}


# BIS's lists (``us_bis_*``) name no program at all; the Denied Persons List is one.
BIS_PROGRAM_NAMES = {
    "DPL": "Denied Persons List (US Commerce, Bureau of Industry and Security: export privileges denied)",
}


def program_name(source: str, program: str) -> str | None:
    """The name of ``program`` of list ``source`` when the list writes only its code."""
    if source.startswith("ofac_"):
        return OFAC_PROGRAM_NAMES.get(program)
    return BIS_PROGRAM_NAMES.get(program) if source.startswith("us_bis_") else None


EXACT, WORDS, NONE = 2, 1, 0


def program_match(query: str, source: str, program: str) -> int:
    """How well ``query`` names ``program`` of list ``source``: EXACT for its code or name in any
    case, WORDS when every word of the query is a word of its code or name, else NONE. A caller
    keeps the WORDS matches only when nothing matches exactly: "IRAN" is the IRAN program, not
    every Iran-related one."""
    wanted = query.strip().casefold()
    texts = [program] + [name for name in [program_name(source, program)] if name]
    if not wanted:
        return NONE
    if any(wanted == text.casefold() for text in texts):
        return EXACT
    words = set(_WORD.findall(wanted))
    return WORDS if words and any(words <= set(_WORD.findall(text.casefold())) for text in texts) else NONE
