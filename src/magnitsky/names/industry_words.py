"""``without_industry_words``: a Chinese company name without the words of its trade.

A Chinese company's name is by rule its place, its brand (字号), its trade and its legal form:
深圳 + 立信 + 电子科技 + 有限公司. The trade says what the firm does and is shared by thousands
("electronic technology"): two firms alike only in it are two firms, yet romanised syllable by
syllable (li xin dian zi ke ji) it outweighs the brand. So, as with legal forms, the trade's
words are taken off the end of an organisation's name (after its form) and the brand and place
are compared. Only these Chinese trade words are: in other languages a company's words are not
so regular, and rarity already weighs them (``index.name_index``). They are recognised as
romanised syllables (pinyin or Wade-Giles, "ke ji", "ko chi") or as pinyin written as one word
("keji"), never leaving nothing.
"""

from __future__ import annotations

from magnitsky.names.romanization import romanize

# The trade words of Chinese company names most often seen (simplified; traditional characters
# romanise the same): technology, electronics, information, network, communications, software,
# digital, intelligent, optoelectronics, microelectronics, semiconductor, instruments, equipment,
# machinery, electromechanical, electrical, industry, manufacturing, engineering, materials,
# energy, chemicals, aviation, aerospace, trade, import and export, international, logistics,
# investment, holding, group, development, consulting, services, supply chain.
TRADE_WORDS = (
    "科技 技术 电子 信息 网络 通信 通讯 软件 数码 智能 光电 微电子 半导体 仪器 设备 机械 机电 电气 工业 实业 "
    "制造 工程 材料 能源 化工 航空 航天 贸易 商贸 进出口 国际 物流 投资 控股 集团 发展 咨询 服务 供应链"
).split()


def _spellings() -> tuple[frozenset[tuple[str, ...]], int]:
    spellings: set[tuple[str, ...]] = set()
    for word in TRADE_WORDS:
        variants = romanize(word)
        spellings.update(tuple(v.split()) for v in variants)
        spellings.add((variants[0].replace(" ", ""),))  # pinyin as one word: "keji", "dianzi"
    return frozenset(spellings), max(map(len, spellings))


_SPELLINGS, _LONGEST = _spellings()


def without_industry_words(tokens: list[str]) -> list[str]:
    """``tokens`` (romanised, legal forms off) without the Chinese trade words at their end, as
    many as follow one another, at least one token left: ``li xin dian zi ke ji`` -> ``li xin``."""
    end = len(tokens)
    while True:
        size = next((n for n in range(min(_LONGEST, end - 1), 0, -1) if tuple(tokens[end - n : end]) in _SPELLINGS), 0)
        if not size:
            return tokens[:end]
        end -= size
