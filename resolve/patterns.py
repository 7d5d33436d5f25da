"""The rules of text extraction: a length-preserving fold, organization shapes, grant numbers, sentence repair.

Everything here works on character offsets of the caller's text: `fold` maps each character to exactly one
character (curly quotes to straight ones, dashes to '-', odd spaces to ' ', accents stripped where the base
letter is one character), so a span found in the folded text is the same span in the original.

Organization shapes are spaCy `Matcher` token patterns ("... University", "University of ...", "... Academy of
...", "... Institute(s) of ...", "... College (of ...)", "... Co., Ltd.", "... Foundation (of ...)", "... Council
(of ...)"). A name word is a token starting with an upper-case letter that is not a function word; "and" never
joins two name words, so a list ("the CNRS and Utrecht University") does not run together, at the price of
cutting names that contain "and" ("Gordon and Betty Moore Foundation" is found as "Betty Moore Foundation").

Grant numbers are regular expressions over the folded text: an identifier after a grant word ("grant", "Grant
No.", "Award #", "award") and the identifiers listed after it ("Nos. 2019L3006 and 2020L3009"); NIH project
numbers ("R01 CA123456", "1R01GM086238-01", "GM072815"); NSF division-prefixed awards ("CCF-1619085"). In
sentences that speak of funding, also identifiers after "No."/"Nos."/"n°" ("(No. 81872159, 81902607)") and
identifiers in parentheses after a funder ("(31270749)", "(2015M580999)"); elsewhere those look like catalogue
numbers. An identifier has at least four digits and is not a year or a range of years.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from spacy.tokens import Doc, Token

# ---------------------------------------------------------------------------------------------------- folding

_FIXED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "),
}


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character: one character in, one character out."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _FIXED.get(char)
        if folded is None:
            if char.isascii():
                folded = char
            else:
                base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
                folded = base if len(base) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The text with quotes, dashes, spaces and accents normalized, character for character (same length)."""
    return text.translate(_FOLD)


# ---------------------------------------------------------------------------------------- organization shapes

# Capitalized words that open sentences or clauses rather than names.
FUNCTION_WORDS = frozenset(
    {
        "a",
        "all",
        "also",
        "an",
        "and",
        "at",
        "both",
        "by",
        "for",
        "from",
        "funding",
        "grant",
        "grants",
        "award",
        "awards",
        "in",
        "its",
        "our",
        "support",
        "supported",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "we",
        "with",
    }
)
NAME_ATTR = "tietrace_name"


def _is_name(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and token.lower_ not in FUNCTION_WORDS


if not Token.has_extension(NAME_ATTR):
    Token.set_extension(NAME_ATTR, getter=_is_name)


def _names(low: int, high: int) -> dict[str, object]:
    return {"_": {NAME_ATTR: True}, "OP": f"{{{low},{high}}}"}


def _word(*words: str) -> dict[str, object]:
    return {"LOWER": {"IN": list(words)}}


_UNIVERSITY = _word("university", "universite", "universitat", "universidad", "universita", "universiteit")
_LEGAL_FORMS = ["ltd", "ltd.", "inc", "inc.", "gmbh", "llc", "corporation", "corp.", "plc", "ag", "s.a.", "jsc", "k.k."]

ORG_SHAPES: dict[str, list[list[dict[str, object]]]] = {
    "university": [
        [_names(1, 4), _UNIVERSITY],
        [
            _names(0, 3),
            _UNIVERSITY,
            _word("of", "at", "de", "di", "del", "degli"),
            {"LOWER": "the", "OP": "?"},
            _names(1, 4),
            {"IS_DIGIT": True, "OP": "?"},
        ],
    ],
    "academy": [[_names(1, 3), {"LOWER": "academy"}, {"LOWER": "of"}, _names(1, 3)]],
    "institute": [
        [_names(0, 4), _word("institute", "institutes"), {"LOWER": "of"}, _names(1, 4)],
        [_names(1, 4), {"LOWER": "institute"}],
    ],
    "company": [
        [_names(1, 5), {"LOWER": "co."}, {"ORTH": ",", "OP": "?"}, _word("ltd", "ltd.")],
        [_names(1, 5), {"LOWER": {"IN": _LEGAL_FORMS}}],
    ],
    "college": [
        [_names(1, 4), {"LOWER": "college"}],
        [_names(1, 4), {"LOWER": "college"}, {"LOWER": "of"}, _names(1, 3)],
    ],
    "foundation": [
        [_names(1, 5), {"LOWER": "foundation"}],
        [_names(1, 5), {"LOWER": "foundation"}, {"LOWER": "of"}, _names(1, 3)],
    ],
    "council": [
        [_names(1, 5), {"LOWER": "council"}],
        [_names(1, 5), {"LOWER": "council"}, {"LOWER": "of"}, _names(1, 2)],
    ],
}

# Words every shape contains; a text without any of them skips the shape matcher (most sentences of an abstract).
SHAPE_ANCHORS = re.compile(
    r"(?i)\b(?:universit|academy|institutes?\b|college|foundation|council|co\.|ltd|inc\b|gmbh|llc|corp|plc|ag\b"
    r"|s\.a\.|jsc|k\.k\.)"
)

# ------------------------------------------------------------------------------------------------- sentences

_PARAGRAPHS = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Tokens before a '.' that do not end a sentence ("Grant No. 123", "Pr. W. R. Jacobs", "et al.").
ABBREVIATIONS = frozenset(
    {"no", "nos", "dr", "pr", "prof", "fig", "figs", "al", "co", "inc", "ltd", "corp", "vs", "st", "mr", "mrs"}
    | {"ms", "dept", "univ", "inst", "approx", "ca", "ref", "refs", "eq", "vol", "jr", "sr"}
)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of a sentencized doc, mended, split and trimmed.

    The sentencizer breaks at every '.', so a break is undone when the previous sentence ends in a known
    abbreviation or a single letter ("R."), or the next one starts with a lower-case letter or a digit. A blank
    line always ends a sentence (paragraphs of an abstract); surrounding whitespace is not part of a sentence.
    """
    flags = doc.to_array("SENT_START").tolist() if len(doc) else []
    cuts = [doc[i].idx for i, flag in enumerate(flags) if i and flag == 1 and not _continues(doc, i)]
    text = doc.text
    spans = []
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        for piece in _PARAGRAPHS.split(text[start:end]):
            if piece.strip():
                first = text.index(piece, start)
                lead = len(piece) - len(piece.lstrip())
                spans.append((first + lead, first + len(piece.rstrip())))
                start = first + len(piece)
    return spans


def _continues(doc: Doc, first: int) -> bool:
    head = doc[first].text
    if head[:1].islower() or head[:1].isdigit():
        return True
    if first < 2 or doc[first - 1].text != ".":
        return False
    before = doc[first - 2].text
    return before.lower() in ABBREVIATIONS or (len(before) == 1 and before.isupper())


# ---------------------------------------------------------------------------------------------- grant numbers

_ID = r"[A-Z0-9](?:[A-Za-z0-9]|[-/_.](?=[A-Za-z0-9]))*"
# "grant GM072815", "Grant No. 2019YFA0904500", "Award #0804039", "award 2450546": anywhere.
_GRANT_CUE = re.compile(rf"(?i:\b(?:grants?|awards?|contracts?)\s+(?:(?:nos?\.?|numbers?|#)\s*)?)(?P<id>{_ID})")
# "(No. 82070630)", "Nos. 2019L3006 and 2020L3009", "n°07-CARN-009-01": only where the sentence speaks of funding,
# since catalogue numbers ("Cat. No. 4903-2135") look the same.
_NUMBER_CUE = re.compile(rf"(?i:\b(?:nos?\.|numbers?)\s*|\bn°\s*)(?P<id>{_ID})")
_NEXT = re.compile(rf"\s*(?:,|;|&|\band\b)\s*(?:(?i:nos?\.|#)\s*)?(?P<id>{_ID})")
# NIH institute and centre codes; a bare code needs six digits and no space, so "CA 92093" (a zip code) is no grant.
_NIH_IC = "AA|AG|AI|AR|AT|CA|DA|DC|DE|DK|EB|ES|EY|GM|HD|HG|HL|HS|LM|MD|MH|NR|NS|OD|RR|TR|TW"
_NIH = re.compile(
    rf"\b(?:\d?(?:[A-Z]\d{{2}}|[A-Z]{{2}}\d)\s?(?:{_NIH_IC})\s?\d{{5,6}}|(?:{_NIH_IC})\d{{6}})(?:-\d{{2}}[A-Z0-9]*)?\b"
)
_NSF = re.compile(r"\b[A-Z]{3}-\d{7}\b")
_PARENS = re.compile(r"\(([^()]*)\)")
_IN_PARENS = re.compile(rf"(?<![\w-])(?P<id>{_ID})")
FUNDING_CUE = re.compile(
    r"(?i)\b(?:support\w*|fund\w*|grants?|award\w*|financ\w*|sponsor\w*|foundation|council|programm?e?)\b"
)
_YEARS = re.compile(r"(?:19|20)\d\d(?:-(?:19|20)?\d\d)?")


def plausible_id(value: str) -> bool:
    """At least four digits, and not a year or a range of years."""
    return sum(c.isdigit() for c in value) >= 4 and not _YEARS.fullmatch(value)


def grant_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of grant numbers in text[start:end] (one sentence of folded text), unordered."""
    end = len(text) if end is None else end
    funding = FUNDING_CUE.search(text, start, end) is not None
    for cue in (_GRANT_CUE, _NUMBER_CUE) if funding else (_GRANT_CUE,):
        for match in cue.finditer(text, start, end):
            if plausible_id(match["id"]):
                yield from _listed(text, match, end)
    for pattern in (_NIH, _NSF):
        for match in pattern.finditer(text, start, end):
            yield match.span()
    if not funding:
        return
    for group in _PARENS.finditer(text, start, end):
        for match in _IN_PARENS.finditer(text, group.start(1), group.end(1)):
            if plausible_id(match["id"]):
                yield match.span("id")


def _listed(text: str, first: re.Match[str], end: int) -> Iterator[tuple[int, int]]:
    """The cued identifier and those listed after it ("No. 81872159, 81902607 and 81874301")."""
    yield first.span("id")
    position = first.end()
    while (more := _NEXT.match(text, position, end)) is not None and plausible_id(more["id"]):
        yield more.span("id")
        position = more.end()


def normalize_award(value: str) -> str:
    """An award id as stored: folded, '#' and spaces trimmed, inner runs of spaces collapsed."""
    return " ".join(fold(value).strip("# ").split())
