"""fingerprints' company types found word by word: the same text as `fingerprints.remove_types` and
`fingerprints.generate`, at a fraction of the cost.

fingerprints (OpenSanctions) finds company types ("limited", "co", "gmbh", "obshchestvo s ogranichennoi
otvetstvennostiu") with one regular expression alternating over its 800 forms, tried at every word boundary: about
60 us a name, the costliest step of normalizing a name a query brings. Its forms are lower-case ASCII words, and it
looks for them in text it has cleaned to lower-case ASCII words separated by single spaces. There a form can only
match whole words starting at a word, and where several forms match, the alternation (longest form first) takes the
longest: looking each word up among the forms that begin with it gives the same text. Text of any other shape (none
that fingerprints' cleaning returns, but its replacement accepts any) goes through fingerprints itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import fingerprints
from fingerprints import clean_brackets, clean_entity_prefix, clean_name_ascii
from fingerprints.types import replacer as fingerprints_replacer
from normality import stringify

from names import fingerprint_types

# fingerprints builds its table of forms once per process, through ICU (0.2 s); every caller of the table comes
# through this module (or fingerprints' own functions, which it falls back to), so the cached table is installed here.
fingerprint_types.install()

_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")

Forms = dict[str, tuple[tuple[tuple[str, ...], str | None], ...]]  # first word -> (words, replacement), longest first


@dataclass(frozen=True, slots=True)
class _Replacer:
    forms: Forms
    remove: bool  # drop the forms (remove_types) or write each as its main form (generate)

    def __call__(self, cleaned: str) -> list[str]:
        """The words of plain cleaned text, each company type dropped or replaced by its main form."""
        words = cleaned.split(" ")
        out: list[str] = []
        at, end = 0, len(words)
        while at < end:
            for form, main in self.forms.get(words[at], ()):
                size = len(form)
                if tuple(words[at : at + size]) == form:
                    if main is not None:
                        out.append(main)
                    at += size
                    break
            else:
                out.append(words[at])
                at += 1
        return out


@cache
def _replacements() -> dict[str, str]:
    """fingerprints' table of forms (read from the machine's cache: names/fingerprint_types.py), without the regular
    expression its Replacer compiles over them (0.06 s of a process's first two names), which the word by word
    look-up never reads. Read through its module: fingerprint_types.install() replaced the function there."""
    return fingerprints_replacer.normalize_replacements(clean_name_ascii)


@cache
def _replacer(remove: bool) -> _Replacer:
    replacements = _replacements()
    forms = set(replacements) | (set(replacements.values()) if remove else set())
    by_first: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    for form in forms:
        words = tuple(form.split(" "))
        by_first.setdefault(words[0], []).append((words, None if remove else replacements[form]))
    return _Replacer({k: tuple(sorted(v, key=lambda f: -len(f[0]))) for k, v in by_first.items()}, remove)


def remove_types(text: str) -> str:
    """`fingerprints.remove_types(text)`: the text cleaned to ASCII words, company types dropped."""
    cleaned = clean_name_ascii(text)
    if cleaned is None:
        return ""
    if not _PLAIN.fullmatch(cleaned):
        return str(fingerprints.remove_types(text))
    return " ".join(_replacer(True)(cleaned))


def generate(text: str | None) -> str | None:
    """`fingerprints.generate(text)`: the words of the text, cleaned, company types as their main form, sorted,
    each once. The steps are fingerprints.fingerprint's (1.3), in its order, each one its own function but the
    replacement."""
    found = stringify(text)
    if found is None:
        return None
    cleaned = clean_name_ascii(clean_brackets(clean_entity_prefix(found.lower())))
    if cleaned is None:
        return None
    if not _PLAIN.fullmatch(cleaned):
        return fingerprints.generate(text)
    # A main form may be two words ("coltd" is "co ltd"): the words are split again, as fingerprints splits them.
    return " ".join(sorted(set(" ".join(_replacer(False)(cleaned)).split(" ")))) or None
