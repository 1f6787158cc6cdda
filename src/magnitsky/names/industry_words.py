"""``without_industry_words``: a Chinese company name without the words of its trade.

A Chinese company's name is by rule its place, its brand (字号), its trade and its legal form:
深圳 + 立信 + 电子科技 + 有限公司. The trade says what the firm does and is shared by thousands
("electronic technology"): two firms alike only in it are two firms, yet romanised syllable by
syllable (li xin dian zi ke ji) it outweighs the brand. So, as with legal forms, the trade's
words are taken off the end of an organisation's name (after its form) and the brand and place
are compared. Only these Chinese trade words are: in other languages a company's words are not
so regular, and rarity already weighs them (``index.name_index``). They are recognised as
romanised syllables (pinyin or Wade-Giles, "ke ji", "ko chi") or as pinyin written as one word
("keji"), never leaving less than a brand of two syllables (``BRAND_MIN_LETTERS``: "li" alone,
what is left of 保利科技 once a Wade-Giles "pao" is read as a Russian form, names no firm).
Their romanisations ship precomputed (``KEYS_FILE``, written by ``scripts/make_legal_form_keys.py``),
as the legal forms' do: no transliterator is built for them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from magnitsky.names.romanization import romanize

# The trade words of Chinese company names most often seen (simplified; traditional characters
# romanise the same): technology, technique, electronics, information, network, communications (2),
# software, digital, intelligent, optoelectronics, microelectronics, semiconductor, instruments,
# equipment, machinery, electromechanical, electrical, industry, industrial, manufacturing,
# engineering, materials, energy, chemicals, aviation, aerospace, trade (2), import and export,
# international, logistics, investment, holding, group, development, consulting, services, supply chain.
TRADE_WORDS = (
    "科技 技术 电子 信息 网络 通信 通讯 软件 数码 智能 光电 微电子 半导体 仪器 设备 机械 机电 电气 工业 实业 "
    "制造 工程 材料 能源 化工 航空 航天 贸易 商贸 进出口 国际 物流 投资 控股 集团 发展 咨询 服务 供应链"
).split()
BRAND_MIN_LETTERS = 4  # the fewest letters a brand of two syllables has ("li xin", "lixin"): what must be left
KEYS_FILE = Path(__file__).resolve().parent / "tables" / "industry_word_keys.tsv"


def spelling_keys() -> str:
    """The text of :data:`KEYS_FILE`: a line per spelling of a trade word, its syllables apart
    (every romanisation) or run together (pinyin), tokens separated by spaces, sorted."""
    spellings: set[str] = set()
    for word in TRADE_WORDS:
        variants = romanize(word)
        spellings.update(variants)
        spellings.add(variants[0].replace(" ", ""))  # pinyin as one word: "keji", "dianzi"
    return "\n".join(sorted(spellings)) + "\n"


@cache
def _spellings() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(line.split()) for line in KEYS_FILE.read_text(encoding="utf-8").splitlines())


@cache
def _longest() -> int:
    return max(map(len, _spellings()))


def without_industry_words(tokens: list[str]) -> list[str]:
    """``tokens`` (romanised, legal forms off) without the Chinese trade words at their end, as
    many as follow one another, BRAND_MIN_LETTERS letters or more left: ``li xin dian zi ke ji`` ->
    ``li xin``."""
    end = len(tokens)
    while size := next(
        (
            n
            for n in range(min(_longest(), end - 1), 0, -1)
            if tuple(tokens[end - n : end]) in _spellings() and sum(map(len, tokens[: end - n])) >= BRAND_MIN_LETTERS
        ),
        0,
    ):
        end -= size
    return tokens[:end]
