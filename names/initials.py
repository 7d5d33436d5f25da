"""The initials of an organization's name, as people abbreviate a name whose abbreviation no source publishes.

Collaborators write "NJUST", "XDU" or "GUET" for institutions whose records (list entries, ROR) publish no such
abbreviation. Most are the initials of the name's words, leaving out "of", "and" and "the": Guilin University of
Electronic Technology is GUET, China Academy of Space Technology CAST. Chinese institutions also abbreviate a
romanized proper noun by its syllables: Nanjing is NJ (NJUST), Xidian XD (XDU), Jiaotong JT (XJTU). A word is read
as syllables when the whole of it is pinyin and it is not one of the English words that parse so too ("china",
"defense", "medicine": ENGLISH).

Initials are a guess, not a name a source gives: the matcher takes them for a review at most, and only when one
organization has them (resolve/matcher.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from names.normalize import cjk, core

# Words an abbreviation leaves out ("University of Science and Technology" is UST).
SKIPPED = frozenset({"of", "and", "the", "for", "in", "at", "on", "de", "la"})
SHORTEST, LONGEST = 3, 8
# Three plain initials are too many organizations' (Northeastern University and the listed Naval Engineering
# University are both NEU): plain initials from four letters; three when a romanized word gives two (XDU, HNU).
SHORTEST_PLAIN = 4
_BRACKETED = re.compile(r"\([^)]*\)")

# The syllables of Mandarin in Hanyu Pinyin, without tones (ü written v), as romanized names spell them.
_SYLLABLES = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
    cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
    cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
    ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
    guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian
    jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan
    kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun
    luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei
    nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi
    pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren
    reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen
    sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te
    teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao
    xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang
    zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
    zhun zhuo zi zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLES.split())
_LONGEST_SYLLABLE = max(map(len, SYLLABLES))
# A word spelt in syllables, found in C: most words of an index's names are not, and are not read further.
_PINYIN = re.compile("(?:" + "|".join(sorted(SYLLABLES, key=len, reverse=True)) + ")+")
# English words of institution names that are also pinyin, whole: the words of names/han.yml's renderings that parse
# as syllables (but "jiaotong", "huazhong" and "minzu", which are pinyin), and a few more.
_ENGLISH = """
    aero base china chinese data defence defense disease eye gene guidance heritage house human language machine
    marine maritime media medicine mine mining mobile nano ocean open police quarantine remote sino women
"""
ENGLISH = frozenset(_ENGLISH.split())


def syllables(word: str) -> tuple[str, ...] | None:
    """A romanized Chinese word as its pinyin syllables, the fewest that spell it whole ('nanjing' -> ('nan',
    'jing'), 'xidian' -> ('xi', 'dian')); None for a word that is not two syllables or more of pinyin."""
    if not word.isascii() or word in ENGLISH or _PINYIN.fullmatch(word) is None:
        return None
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            before = best[start]
            if before is not None and word[start:end] in SYLLABLES:
                candidate = (*before, word[start:end])
                held = best[end]
                if held is None or len(candidate) < len(held):
                    best[end] = candidate
    found = best[len(word)]
    return found if found is not None and len(found) >= 2 else None


@lru_cache(maxsize=100_000)
def _letters(word: str) -> str:
    """A word's part of the initials: its first letter, or its syllables' for a romanized Chinese word."""
    spelled = syllables(word)
    return "".join([s[0] for s in spelled]) if spelled else word[0]


def initialisms(name: str) -> frozenset[str]:
    """The name's initials, lower case: every word's first letter (SHORTEST_PLAIN to LONGEST of them), and the same
    with each romanized Chinese word abbreviated by its syllables (SHORTEST to LONGEST): 'Nanjing University of
    Science and Technology' -> {'nust', 'njust'}, 'Xidian University' -> {'xdu'}. Nothing for a name of one word,
    with a number, or in another script."""
    if cjk(name):
        return frozenset()  # its romanization is syllables of characters, not words
    words = [w for w in core(_BRACKETED.sub(" ", name)).split() if w not in SKIPPED and not w.startswith("\0")]
    if len(words) < 2 or not all(w.isascii() and w.isalpha() for w in words):
        return frozenset()
    plain = "".join([w[0] for w in words])
    spelled = "".join(map(_letters, words))
    found = {plain} if SHORTEST_PLAIN <= len(plain) <= LONGEST else set()
    if spelled != plain and SHORTEST <= len(spelled) <= LONGEST:
        found.add(spelled)
    return frozenset(found)
