"""Synthetic customer files for benchmarks and demos, with listed people planted in them.

A bank's customer file is mostly ordinary people (and some companies) of many origins, written
in Latin letters the way the bank's systems recorded them, with a date of birth and a
nationality. Among them, very rarely, is someone on a list — spelled the way a customer file
spells them, not the way the list does: given name first, the patronymic left out, the Russian
name romanised by the passport (ICAO 9303), by the State Department (BGN/PCGN) or by a German
registry, a typing error, upper case. :func:`generate_customers` writes such a file (CSV, JSON
lines or Parquet, the ``magnitsky batch`` input layout) and returns the ground truth: which
customer ids are which listed entities, for measuring recall.

Ordinary names come from Faker's locales. Faker is slow per call, so a pool of given and family
names is drawn once per locale and combined at random; with ~60 locales and a few hundred names
each that is many millions of distinct full names. Names in other scripts are romanised as a
bank's system would (Cyrillic by ICAO, Han by pinyin, Arabic by the name table of
:mod:`magnitsky.names`), keeping a small share in their own script as modern systems do.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import icu

from magnitsky.batch.io import file_kind
from magnitsky.model import Entity, NameKind
from magnitsky.model.scripts import script_of
from magnitsky.names import romanize
from magnitsky.names.transliteration import transliterate

# Faker locale -> the ISO country its people most likely hold a passport of, with a weight
# roughly like the mix of a large European bank's retail book.
LOCALES: dict[str, tuple[str, int]] = {
    "en_GB": ("gb", 12),
    "en_US": ("us", 8),
    "de_DE": ("de", 10),
    "de_AT": ("at", 2),
    "de_CH": ("ch", 2),
    "fr_FR": ("fr", 7),
    "fr_BE": ("be", 1),
    "nl_NL": ("nl", 3),
    "it_IT": ("it", 5),
    "es_ES": ("es", 5),
    "pt_PT": ("pt", 2),
    "pt_BR": ("br", 2),
    "es_MX": ("mx", 2),
    "es_AR": ("ar", 1),
    "es_CO": ("co", 1),
    "pl_PL": ("pl", 4),
    "cs_CZ": ("cz", 1),
    "sk_SK": ("sk", 1),
    "hu_HU": ("hu", 1),
    "ro_RO": ("ro", 2),
    "bg_BG": ("bg", 1),
    "hr_HR": ("hr", 1),
    "sl_SI": ("si", 1),
    "sr_BA": ("ba", 1),
    "sq_AL": ("al", 1),
    "el_GR": ("gr", 1),
    "tr_TR": ("tr", 3),
    "ru_RU": ("ru", 3),
    "uk_UA": ("ua", 2),
    "lt_LT": ("lt", 1),
    "lv_LV": ("lv", 1),
    "et_EE": ("ee", 1),
    "fi_FI": ("fi", 1),
    "sv_SE": ("se", 1),
    "no_NO": ("no", 1),
    "da_DK": ("dk", 1),
    "ga_IE": ("ie", 1),
    "az_AZ": ("az", 1),
    "ka_GE": ("ge", 1),
    "hy_AM": ("am", 1),
    "uz_UZ": ("uz", 1),
    "ar_EG": ("eg", 1),
    "ar_SA": ("sa", 1),
    "ar_AE": ("ae", 1),
    "fa_IR": ("ir", 1),
    "he_IL": ("il", 1),
    "hi_IN": ("in", 2),
    "en_IN": ("in", 2),
    "en_PK": ("pk", 1),
    "bn_BD": ("bd", 1),
    "zh_CN": ("cn", 3),
    "zh_TW": ("tw", 1),
    "ja_JP": ("jp", 1),
    "ko_KR": ("kr", 1),
    "vi_VN": ("vn", 1),
    "th_TH": ("th", 1),
    "id_ID": ("id", 1),
    "fil_PH": ("ph", 1),
    "en_NG": ("ng", 1),
    "yo_NG": ("ng", 1),
    "sw": ("ke", 1),
    "zu_ZA": ("za", 1),
    "en_AU": ("au", 1),
    "en_CA": ("ca", 1),
}
_FROM_BGN = icu.Transliterator.createInstance("Russian-Latin/BGN", icu.UTransDirection.REVERSE)
POOL_SIZE = 300  # given and family names drawn per locale
ORIGINAL_SCRIPT_SHARE = 0.1  # customers of a non-Latin locale kept in their own script
COMPANY_SHARE = 0.08
COLUMNS = ("id", "schema", "name", "birthDate", "nationality", "country")


@dataclass(frozen=True)
class Pool:
    country: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    companies: tuple[str, ...]


def name_pools(seed: int, size: int = POOL_SIZE) -> list[tuple[Pool, int]]:
    """Given, family and company names per locale, with the locale's weight."""
    from faker import Faker  # optional dependency: the ``synthetic`` extra

    pools = []
    for locale, (country, weight) in LOCALES.items():
        fake = Faker(locale)
        fake.seed_instance(seed)
        given = {fake.first_name() for _ in range(size)}
        family = {fake.last_name() for _ in range(size)}
        companies = {fake.company() for _ in range(size // 3)}
        pools.append((Pool(country, *(tuple(sorted(s)) for s in (given, family, companies))), weight))
    return pools


def _in_latin(name: str, rng: random.Random) -> str:
    """A non-Latin name as a bank's system would hold it: mostly romanised, title case."""
    if script_of(name) is None or rng.random() < ORIGINAL_SCRIPT_SHARE:
        return name
    spellings = romanize(name)
    return spellings[0].title() if spellings else name


@dataclass(frozen=True)
class Customer:
    id: str
    schema: str
    name: str
    birth_date: str = ""
    nationality: str = ""
    country: str = ""

    def row(self) -> tuple[str, ...]:
        return (self.id, self.schema, self.name, self.birth_date, self.nationality, self.country)


def _birth_date(rng: random.Random) -> str:
    return (date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 71))).isoformat()


def _ordinary(number: int, pools: list[Pool], weights: list[int], rng: random.Random) -> Customer:
    pool = rng.choices(pools, weights)[0]
    cid = f"c{number:08d}"
    if rng.random() < COMPANY_SHARE:
        return Customer(cid, "Organization", _in_latin(rng.choice(pool.companies), rng), country=pool.country)
    given = rng.choice(pool.given)
    if rng.random() < 0.15:
        given = f"{given} {rng.choice(pool.given)}"
    name = _in_latin(f"{given} {rng.choice(pool.family)}", rng)
    nationality = pool.country if rng.random() < 0.9 else rng.choices(pools, weights)[0].country
    return Customer(cid, "Person", name, _birth_date(rng), nationality)


# -- listed people as a customer file spells them ------------------------------------------------


def _split_listed(name: str) -> tuple[str, list[str]]:
    """ "KLYUEV, Dmitry Vladislavovich" -> ("KLYUEV", ["Dmitry", "Vladislavovich"])."""
    if "," in name:
        family, _, rest = name.partition(",")
        return family.strip(), rest.split()
    parts = name.split()
    return parts[-1], parts[:-1]


def _typo(name: str, rng: random.Random) -> str:
    """One slip of the keyboard in a long enough token: a letter dropped, doubled or swapped."""
    tokens = name.split()
    long = [i for i, t in enumerate(tokens) if len(t) >= 6]
    if not long:
        return name
    i = rng.choice(long)
    t = tokens[i]
    pos = rng.randrange(1, len(t) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        t = t[:pos] + t[pos + 1 :]
    elif kind == 1:
        t = t[:pos] + t[pos] + t[pos:]
    else:
        t = t[:pos] + t[pos + 1] + t[pos] + t[pos + 2 :]
    tokens[i] = t
    return " ".join(tokens)


def _is_russian(entity: Entity) -> bool:
    return (
        "ru" in entity.nationalities
        or "MAGNIT" in entity.programs
        or any(script_of(n.full) == "Cyrl" for n in entity.names)
    )


def _russian_spellings(name: str, entity: Entity) -> list[str]:
    """The listed Russian's name romanised afresh — by ICAO 9303 (passports since 2013),
    BGN/PCGN and German — from the list's Cyrillic original, or from the Cyrillic that the
    list's own (BGN-style) romanisation stands for when it gives none."""
    originals = [n.full for n in entity.names if script_of(n.full) == "Cyrl"]
    cyrillic = originals[0] if originals else _FROM_BGN.transliterate(name.title())
    tokens = cyrillic.replace(",", " , ").split()
    return [
        " ".join(t if t == "," else transliterate(scheme, t.lower()).title() for t in tokens).replace(" ,", ",")
        for scheme in ("icao", "ru_bgn", "german")
    ]


def _spelling(entity: Entity, rng: random.Random) -> tuple[str, str]:
    """A customer-file spelling of a listed person, and what was done to it."""
    names = [
        n.full for n in entity.names if n.kind in (NameKind.PRIMARY, NameKind.ALIAS) and script_of(n.full) is None
    ] or [entity.caption]
    name, how = rng.choice(names), "as listed"
    if _is_russian(entity) and rng.random() < 0.6:
        name, how = rng.choice(_russian_spellings(name, entity)), "romanised afresh from Cyrillic"
    family, given = _split_listed(name)
    if len(given) >= 2 and _is_russian(entity) and rng.random() < 0.4:
        given, how = given[:1], how + ", patronymic left out"
    if rng.random() < 0.7:
        name = " ".join([*given, family]).title()
        how += ", given name first"
    else:
        name = " ".join([family, *given]).title()
    if rng.random() < 0.3:
        typo = _typo(name, rng)
        if typo != name:
            name, how = typo, how + ", a typing error"
    if rng.random() < 0.2:
        name, how = name.upper(), how + ", upper case"
    return name, how


def _planted(number: int, entity: Entity, rng: random.Random) -> tuple[Customer, str]:
    name, how = _spelling(entity, rng)
    dob = entity.birth_dates[0].start if entity.birth_dates else ""
    nationality = min(entity.nationalities) if entity.nationalities else ""
    return Customer(f"c{number:08d}", "Person", name, dob, nationality), how


def plantable(entities: Iterable[Entity]) -> list[Entity]:
    """Listed people a bank could have as customers: people with a Latin-script name and a date of
    birth (customer records always have one; screening them without would be a different test)."""
    return [
        e
        for e in entities
        if e.schema == "Person" and e.birth_dates and any(script_of(n.full) is None for n in e.names)
    ]


def customers(
    count: int,
    listed: list[Entity],
    planted_share: float = 0.001,
    seed: int = 1,
) -> Iterator[tuple[Customer, Entity | None, str]]:
    """``count`` customers; about ``planted_share`` of them listed people, ``(customer, listed
    entity, how it was spelled)`` — the entity None for ordinary customers."""
    rng = random.Random(seed)
    weighted = name_pools(seed)
    pools, weights = [p for p, _ in weighted], [w for _, w in weighted]
    planted = set(rng.sample(range(count), round(count * planted_share))) if listed else set()
    for number in range(count):
        if number in planted:
            entity = rng.choice(listed)
            customer, how = _planted(number, entity, rng)
            yield customer, entity, how
        else:
            yield _ordinary(number, pools, weights, rng), None, ""


def write_customers(
    path: Path,
    rows: Iterable[tuple[Customer, Entity | None, str]],
    truth_path: Path,
) -> tuple[int, int]:
    """Write the customer file (format by extension) and the ground truth CSV (customer id,
    listed entity id, name, how it was spelled), each complete or not at all.
    Returns (customers, planted)."""
    kind = file_kind(path)
    total = planted = 0
    with (
        _atomic(truth_path) as truth_tmp,
        _atomic(path) as tmp,
        open(truth_tmp, "w", encoding="utf-8", newline="") as truth_fh,
        _customer_writer(kind, tmp) as write,
    ):
        truth = csv.writer(truth_fh)
        truth.writerow(("id", "entity_id", "name", "spelling"))
        for customer, entity, how in rows:
            write(customer)
            total += 1
            if entity is not None:
                truth.writerow((customer.id, entity.id, customer.name, how))
                planted += 1
    return total, planted


@contextmanager
def _atomic(path: Path):
    tmp = path.with_name(path.name + ".partial")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


@contextmanager
def _customer_writer(kind: str, path: Path):
    """``write(customer)`` in the batch input layout of a file kind."""
    if kind == "parquet":
        yield from _parquet_writer(path)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if kind == "csv":
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            yield lambda customer: writer.writerow(customer.row())
        else:
            yield lambda customer: fh.write(json.dumps(_jsonl(customer), ensure_ascii=False) + "\n")


def _parquet_writer(path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    buffer: list[tuple] = []

    def flush() -> None:
        if buffer:
            writer.write_table(pa.table([list(c) for c in zip(*buffer)], schema=schema))
            buffer.clear()

    def write(customer: Customer) -> None:
        buffer.append(customer.row())
        if len(buffer) >= 50_000:
            flush()

    with pq.ParquetWriter(path, schema) as writer:
        yield write
        flush()


def _jsonl(customer: Customer) -> dict:
    props = {"name": [customer.name]}
    for key, value in (
        ("birthDate", customer.birth_date),
        ("nationality", customer.nationality),
        ("country", customer.country),
    ):
        if value:
            props[key] = [value]
    return {"id": customer.id, "schema": customer.schema, "properties": props}
