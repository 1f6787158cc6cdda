"""Chinese names in Wade-Giles as well as pinyin: Zhang -> Chang, Xu -> Hsu, Jiang -> Chiang.

ICU romanises Han characters to pinyin (the PRC's system, which most list entries use). Names from
Taiwan, Hong Kong and older documents are written in Wade-Giles, which lists print without its
apostrophes and umlauts (Ch'en -> Chen, Hsü -> Hsu; Chen Shui-bian, Chiang Ching-kuo), so pinyin
syllables are rewritten one by one: initials first (zh/j/q -> ch, x -> hs, z/c -> ts, r -> j, b/d/g -> p/t/k), then
the finals Wade-Giles spells otherwise (-ong -> -ung, -ian -> -ien, -ie -> -ieh, zhi -> chih,
si -> ssu, xue -> hsueh, ge -> ko, guo -> kuo).
"""

from __future__ import annotations

import re

_WHOLE = {
    "zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu",
    "er": "erh", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung",
}  # fmt: skip
_INITIAL = re.compile("^(zh|ch|sh|[bpdtgkjqxrzc])")
_INITIALS = {
    "zh": "ch", "ch": "ch", "sh": "sh", "b": "p", "p": "p", "d": "t", "t": "t", "g": "k", "k": "k",
    "j": "ch", "q": "ch", "x": "hs", "r": "j", "z": "ts", "c": "ts",
}  # fmt: skip
_FINALS = (("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"))
_UO_AS_O = frozenset(("b", "p", "m", "f", "d", "t", "n", "l", "z", "c", "s", "zh", "ch", "r"))


def wade_giles(syllable: str) -> str:
    """One toneless pinyin syllable as Wade-Giles without apostrophes or umlauts."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    match = _INITIAL.match(syllable)
    initial = match.group() if match else ""
    final = syllable[len(initial) :]
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"
    elif final == "uo" and initial in _UO_AS_O:
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"  # gui -> kuei, but hui, shui stay
    for pinyin, wg in _FINALS:
        if final.endswith(pinyin):
            final = final[: -len(pinyin)] + wg
            break
    return _INITIALS.get(initial, initial) + final


# Every toneless pinyin syllable (those ICU's name readings give the CJK Unified Ideographs).
PINYIN = frozenset(
    """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao
ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui
chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de deng di dian diao die ding diu dong
dou du duan dui dun duo e en er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen
geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua
huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan
kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li
lia lian liang liao lie lin ling liu long lou lu luan lun luo ma mai man mang mao me mei men meng mi
mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin
ning niu nong nu nuan nun nuo ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou
pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong
rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shen sheng shi
shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao
te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yong you yu
yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong
zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split()
)
WADE_GILES = frozenset(wade_giles(s) for s in PINYIN)
# Common surnames in pinyin and in Wade-Giles (a name is read as Chinese only when it has one).
SURNAMES = frozenset(
    """
    li wang zhang chang liu chen yang huang zhao chao wu zhou chou xu hsu sun ma zhu chu hu guo kuo he ho
    gao kao lin luo lo zheng cheng liang xie hsieh song sung tang han feng deng teng cao tsao peng zeng
    tseng xiao hsiao tian tien dong tung pan yuan cai tsai jiang chiang yu du tu ye yeh wei su lu ding
    ting ren jen shen yao jin chin fu hong hung qin jia chia xia hsia fang shi shih bai pai kong kung
    cui tsui kang mao qiu chiu qian chien gu ku hou shao meng long lung wan duan tuan lei wen yin yan yen
    ji chi lang yi niu tan bo po xiong hsiung hao qi tao xiang hsiang
    """.split()
)
MAX_SYLLABLES = 3  # per word: a given name written joined has two, rarely three


def syllables(word: str) -> list[str] | None:
    """``word`` cut into the fewest pinyin or Wade-Giles syllables (fangwei -> fang wei, hsiaohung ->
    hsiao hung), or None when it cannot be cut into at most MAX_SYLLABLES of them."""
    best: list[list[str] | None] = [[], *([None] * len(word))]
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            piece = word[start:end]
            if head is not None and (piece in PINYIN or piece in WADE_GILES):
                if best[end] is None or len(head) + 1 < len(best[end]):  # type: ignore[arg-type]
                    best[end] = [*head, piece]
    found = best[-1]
    return found if found and len(found) <= MAX_SYLLABLES else None


def chinese_forms(tokens: list[str]) -> list[str]:
    """Extra spellings of a romanised Chinese name (tokens lower-case ASCII): the given name's
    syllables joined into one word as pinyin writes it, as written and with each pinyin syllable in
    Wade-Giles, so "Fangwei LI", "Li Fang-wei" and "Fang Wei Li" share a form (the given name stays
    one word: 王明 is not 王东明). One per end that is a common Chinese surname; nothing when neither
    is, or when a word is not pinyin or Wade-Giles syllables."""
    if not tokens or len(tokens) > 4 or not (tokens[0] in SURNAMES or tokens[-1] in SURNAMES):
        return []
    cut = [syllables(t) for t in tokens]
    if any(c is None for c in cut):
        return []
    forms: dict[str, None] = {}
    for wade in (False, True):
        for end in dict.fromkeys((0, len(tokens) - 1)):
            if tokens[end] not in SURNAMES or len(tokens) < 2:
                continue
            given = [s for i, c in enumerate(cut) if i != end for s in c]  # type: ignore[union-attr]
            surname = tokens[end]
            if wade:
                given = [wade_giles(s) if s in PINYIN else s for s in given]
                surname = wade_giles(surname) if surname in PINYIN else surname
            joined = "".join(given)
            forms[f"{surname} {joined}" if end == 0 else f"{joined} {surname}"] = None
    return list(forms)
