"""What linkage compares in a name: its written form, its sound, its parts.

A :class:`NameScheme` turns a name as delivered into the columns the Splink
comparisons and blocking rules read (``comparisons.py``, ``blocking.py``):

- ``name``: the normalised written form (exact match, character edits);
- ``name_sound``: its pronunciation (Chinese: toneless pinyin of each
  character; Latin script: a phonetic code per word), so sound-alike typos
  (张/章, 伟/玮) agree;
- ``name_fuzzy``: a coarser pronunciation that also merges sounds people
  confuse (Chinese: z/zh, c/ch, s/sh, n/l, -n/-ng), so 陈/程 and 周/邹 agree;
  Latin script: the words' codes in sorted order, so swapped words agree;
- ``surname`` and ``given``: the parts, for blocking (a typo in one part
  leaves the other to block on).

Two schemes ship: :class:`ChineseNames` (the ``cn`` profile) and
:class:`LatinNames` (other countries; see ``generic.py``). Both are pure Python,
run once per distinct name (a province has far fewer distinct names than
records), and give the same output on every engine.

>>> cn = ChineseNames()
>>> cn.features("欧阳明华")
('欧阳明华', 'ouyangminghua', 'ouyanminhua', '欧阳', '明华')
>>> cn.features("陈 伟")[1:3], cn.features("程伟")[1:3]
(('chenwei', 'cenwei'), ('chengwei', 'cenwei'))
>>> LatinNames().features("José  María O'Neill")
("jose maria o'neill", 'J200 M600 O540', 'J200 M600 O540', 'oneill', 'jose maria')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

# name, name_sound, name_fuzzy, surname, given
NameFeatures = tuple[str | None, str | None, str | None, str | None, str | None]
FEATURE_COLUMNS = ("name", "name_sound", "name_fuzzy", "surname", "given")


class NameScheme(Protocol):
    """How one country's names are normalised, pronounced and split."""

    @property
    def code(self) -> str: ...

    @property
    def max_edits(self) -> int:
        """The most character edits between two spellings still read as "one slip"."""
        ...

    def features(self, raw: str | None) -> NameFeatures: ...


# Compound (two-character) surnames; a name starting with one splits after two characters.
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐", "夏侯", "长孙", "宇文", "轩辕", "端木", "西门", "南宫", "独孤", "百里", "呼延", "赫连", "澹台", "公冶", "宗政", "濮阳", "太史", "申屠", "闻人", "万俟", "钟离", "拓跋"])
_CN_DROP = re.compile(r"[\s·•・.\-]")
# Sounds southern speakers (and clerks typing from speech) merge: retroflex and dental
# initials, n/l, and front/back nasal finals.
_FUZZY = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"),
          (re.compile(r"^l"), "n"), (re.compile(r"ng$"), "n"))


@lru_cache(maxsize=65536)
def _pinyin(ch: str) -> str:
    """Toneless pinyin of one character (its commonest reading); the character if none."""
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(ch, style=Style.NORMAL, errors="default")
    return (out[0] if out else ch).lower()


@lru_cache(maxsize=65536)
def _fuzzy(syllable: str) -> str:
    for pattern, repl in _FUZZY:
        syllable = pattern.sub(repl, syllable)
    return syllable


@dataclass(frozen=True)
class ChineseNames:
    """Chinese names: characters, toneless pinyin, fuzzy pinyin, compound surnames."""

    code: str = "cn"
    max_edits: int = 1

    def features(self, raw: str | None) -> NameFeatures:
        if raw is None:
            return (None, None, None, None, None)
        # NFKC again after the separators go: a mark left next to a letter composes with it
        name = unicodedata.normalize("NFKC", _CN_DROP.sub("", unicodedata.normalize("NFKC", raw)))
        if not name:
            return (None, None, None, None, None)
        syllables = [_pinyin(c) for c in name]
        split = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
        return (name, "".join(syllables), "".join(_fuzzy(s) for s in syllables),
                name[:split], name[split:] or None)


_SOUNDEX = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"),
            **dict.fromkeys("dt", "3"), "l": "4", **dict.fromkeys("mn", "5"), "r": "6"}


def soundex(word: str) -> str:
    """American Soundex of one word (letters a-z only), e.g. Robert and Rupert → R163.

    >>> soundex("robert"), soundex("rupert"), soundex("tymczak"), soundex("pfister")
    ('R163', 'R163', 'T522', 'P236')
    """
    letters = [c for c in word.lower() if "a" <= c <= "z"]
    if not letters:
        return ""
    out = [letters[0].upper()]
    last = _SOUNDEX.get(letters[0], "")
    for c in letters[1:]:
        code = _SOUNDEX.get(c, "")
        if code and code != last:
            out.append(code)
        if c not in "hw":  # h and w do not separate equal codes; vowels do
            last = code
    return ("".join(out) + "000")[:4]


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class LatinNames:
    """Names in Latin script: accents folded, Soundex per word, family name last.

    ``family_first`` for countries that write the family name first.
    """

    code: str = "latin"
    max_edits: int = 2
    family_first: bool = False

    def features(self, raw: str | None) -> NameFeatures:
        if raw is None:
            return (None, None, None, None, None)
        words = _ascii_fold(unicodedata.normalize("NFKC", raw)).casefold().split()
        if not words:
            return (None, None, None, None, None)
        name = " ".join(words)
        sound = " ".join(soundex(w) for w in words)
        fuzzy = " ".join(sorted(sound.split()))  # word order swapped: Maria José, José Maria
        family_i = 0 if self.family_first else len(words) - 1
        family = re.sub(r"[^a-z]", "", words[family_i]) or words[family_i]
        given = " ".join(w for i, w in enumerate(words) if i != family_i) or None
        return (name, sound, fuzzy, family, given)


NAME_SCHEMES: dict[str, NameScheme] = {"cn": ChineseNames(), "latin": LatinNames()}
# The name scheme of each country profile (by its [country] code); others use Latin script.
COUNTRY_SCHEMES = {"CN": "cn"}


def scheme_for_country(code: str) -> NameScheme:
    """The name scheme a country profile's records are linked with.

    >>> scheme_for_country("CN").code, scheme_for_country("XL").code
    ('cn', 'latin')
    """
    return NAME_SCHEMES[COUNTRY_SCHEMES.get(code.upper(), "latin")]
