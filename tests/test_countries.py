"""Country codes as the lists write them, checked against the names the lists give beside them."""

from __future__ import annotations

import lzma

from lxml import etree

from magnitsky.model import to_country


def test_every_eu_country_code_means_the_country_named_beside_it(shared_data):
    """The EU file gives each country (of citizenships, addresses, births, documents) twice, as an
    ISO code and as a name. CS stands beside SERBIA AND MONTENEGRO: the code ISO gave it in 2003,
    not Czechoslovakia (cshh), which held it until 1993."""
    pairs: dict[tuple[str, str], int] = {}
    with lzma.open(shared_data / "eu" / "20240513-FULL-1_1(xsd).xml.xz") as fh:
        for _, el in etree.iterparse(fh, events=("end",)):
            code, name = el.get("countryIso2Code"), el.get("countryDescription")
            if code and name:
                pairs[(code, name)] = pairs.get((code, name), 0) + 1
            el.clear()
    assert pairs[("CS", "SERBIA AND MONTENEGRO")] == 1  # a citizenship, logicalId 140622
    assert to_country("CS") == to_country("Serbia and Montenegro") == "csxx"
    assert to_country("Czechoslovakia") == "cshh"
    resolved = {(c, n): (to_country(c), to_country(n)) for c, n in pairs if to_country(c) and to_country(n)}
    assert len(resolved) == 106
    assert {pair: codes for pair, codes in resolved.items() if codes[0] != codes[1]} == {}
