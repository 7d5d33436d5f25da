"""A screened row's misspelt word read as the common word it misspells: "Corpoartion", "Instiuttion", "Univesrity".

A word no index name holds weighs as the rarest there is (names/score.py), so a misspelling of a word every other name
says ("corporation", "institution") outweighs the rest of the row: "China Three Gorges Corpoartion" scored 0.71
against the listed China Three Gorges Corporation, and a legal form misspelt is not even cut as one. A word is read
as a common one when it is MIN_LENGTH letters or more, no index name holds it, and one edit (a letter changed, added,
dropped, or two neighbours swapped) makes it a word of COMMON_NAMES index names or more, or a word of a legal form,
with the same first letter. Proper nouns and brands are left as written: they are rarely that close to a common word,
and the matcher compares the row as written too (resolve/matcher.py `Matcher._spelt`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz.distance import OSA

MIN_LENGTH = 6  # letters: a shorter word one edit from a common one is as often another word ("states" / "status")
COMMON_NAMES = 20  # index names holding a word at least, for it to be a word rows misspell
_WORD = re.compile(r"[A-Za-z]+")


class Spelling:
    """The common words of an index, by first letter, and the reading of a row's words against them."""

    def __init__(self, counts: Mapping[str, int], extra: Iterable[str] = ()) -> None:
        common = {w for w, n in counts.items() if n >= COMMON_NAMES} | set(extra)
        self._known = counts
        self._common: dict[str, list[str]] = defaultdict(list)
        for word in sorted(common):
            if len(word) >= MIN_LENGTH - 1 and word.isascii() and word.isalpha():
                self._common[word[0]].append(word)

    def corrected(self, name: str) -> tuple[str, list[tuple[str, str]]] | None:
        """The name with each misspelt word replaced by the common word it misspells, in the case it was written in,
        and the (written, read) pairs; None when no word is read otherwise."""
        read: list[tuple[str, str]] = []

        def replace(found: re.Match[str]) -> str:
            written = found.group()
            word = written.casefold()
            if len(word) < MIN_LENGTH or word in self._known or word in self._common.get(word[0], ()):
                return written
            near = [w for w in self._common.get(word[0], ()) if abs(len(w) - len(word)) <= 1]
            close = [w for w in near if OSA.distance(word, w, score_cutoff=1) <= 1]
            if len(close) != 1:
                return written  # none, or two words it may misspell: left as written
            (common,) = close
            spelt = common.upper() if written.isupper() else common.capitalize() if written[0].isupper() else common
            read.append((written, spelt))
            return spelt

        text = _WORD.sub(replace, name)
        return (text, read) if read else None
