"""What every list source shares: names and aliases as publications print them, dates, and the listing itself.

Lists are extracted from PDFs, Federal Register text and hand-kept tables, so an alias cell holds more than a
name: "a.k.a." forms ("X, a.k.a., Y"), an address after the name ("Morye Shipyard. 1 Desantnikov Street,
Feodosia, Crimea 98176, Ukraine"), an opening parenthesis the extraction never closed ("Sabanican Company
(a.k.a."), a lead-in ("formerly known as X", "the following two aliases:"). `clean_names` handles these by
general rules (FtM's habit: the name as published stays the name, every other spelling becomes an alias, and short
all-capital forms such as AVIC or HIT become acronyms, which are matched only as whole names).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.lists import ListEntry, list_node_id
from graph.model import Entity, Label, Rel, Relation
from ingest.context import JobContext
from ingest.countries import to_alpha2
from names.normalize import closes_the_name

# "a.k.a.", "f.k.a.", "formerly known as", "also known as", with the commas and colons publications put around them;
# each a whole word: "Rossiiskoi Akademii Nauk" holds no "aka" (it did, and "demii Nauk" became an alias that six
# Russian Academy institutes on the Entity List shared, so resolution made them one organization).
_AKA = re.compile(
    r"\s*[,;]?\s*\(?\s*\b(?:a\.\s?k\.\s?a\.?|f\.\s?k\.\s?a\.?|aka|fka|formerly known as|also known as|formerly)"
    r"(?!\w)\s*[,:]?\s*",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:and|or)\s+", re.IGNORECASE)
# A fragment that only announces what follows ("the following two aliases:") names nothing.
_ANNOUNCEMENT = re.compile(r"^the following\b.*\balias(?:es)?$|^subordinate institutions?$", re.IGNORECASE)
# Where an address starts after a name: street words, post boxes, floors, and the "; and <second address>" form.
_ADDRESS = re.compile(
    r"\b(?:street|str\.|st\.?|road|rd\.|avenue|ave\.|lane|boulevard|blvd|prospekt|ulitsa|highway|district|"
    r"building|bldg\.?|floor|room|office|suite|p\.\s?o\.\s?box|box|oblast|province|industrial park|village|"
    r"crimea|no\.\s*\d)|;\s*and\s|\(see alternate address|\b\d{5,6}\b",
    re.IGNORECASE,
)
_LEGAL_FORM_START = re.compile(
    r"^(?:ltd|limited|inc|llc|l\.l\.c|co|corp|corporation|company|s\.a|gmbh|plc|jsc|ooo|oao|zao|pte|pvt|s\.r\.l|"
    r"b\.v|ag|sa|fze|fzc|lp|llp)\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[.,]\s+")
# "No. 9 Plant", "Corporation No. 11 Research Institute": the period ends "No", and the number after it is the name's.
_NUMBER_SIGN = re.compile(r"(?:^|\s)(?:no|nr|num)$", re.IGNORECASE)
# "CASC 5th Academy, 503 Institute", "... 3rd Academy, 31 Research Institute": a number that a unit's kind follows
# names a unit of the name before it, not a house number.
_NUMBERED_UNIT = re.compile(
    r"^\d+(?:st|nd|rd|th)?\s+(?:[a-z]+\s+){0,2}?(?:institute|academy|laboratory|lab|center|centre|plant|factory|"
    r"works|bureau|base|division|department|branch|station|prison|detachment|camp|shipyard)\b"
    r"(?!\s+(?:road|rd|street|str|st|avenue|ave|lane|building|floor)\b)",
    re.IGNORECASE,
)
_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&\-]{1,11}(?:\s[0-9]{1,3})?)\)\s*")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9&\-.]{1,11}$")
_TRAILING = re.compile(r"[\s;,:*]+$")


@dataclass(frozen=True, slots=True)
class Names:
    name: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]


def tidy(text: str) -> str:
    """One line, NFC, single spaces, no soft hyphen, no trailing separators or footnote stars."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = " ".join(text.split())
    text = _TRAILING.sub("", text)
    for quote in "'\"":  # a quote the extraction cut in two, not one that closes a quoted name
        if text.count(quote) % 2 == 1:
            text = text.strip(quote + " ")
    if text.count("(") < text.count(")") and text.endswith(")"):
        text = text[:-1].rstrip()
    return text


def is_acronym(text: str) -> bool:
    """AVIC, HIT, IRGC-IO, SibNIA, J2: one short word of mostly capitals (not a word such as "Huawei")."""
    if not _ACRONYM.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return (upper >= 2 and upper * 2 >= len(letters)) or (len(letters) == 1 and any(c.isdigit() for c in text))


def cut_address(text: str) -> str:
    """The name before an address an extraction appended to it; a name without one comes back unchanged.

    A cut is made at the first ". " or ", " whose remainder reads as an address (a street word, a post code,
    "; and" joining a second address) and does not start with a legal form ("Co., Ltd. ...")."""
    for match in _SEPARATOR.finditer(text):
        tail = text[match.end() :]
        if _LEGAL_FORM_START.match(tail) or _NUMBERED_UNIT.match(tail):
            continue
        if text[match.start()] == "." and _NUMBER_SIGN.search(text[: match.start()]):
            continue
        addressed = _ADDRESS.search(tail) and (any(c.isdigit() for c in tail) or tail.count(",") >= 2)
        if addressed or re.match(r"\d", tail):
            head = text[: match.start()] + ("." if text[match.start()] == "." and _ends_abbrev(text, match) else "")
            return head.strip()
    return text


def _ends_abbrev(text: str, match: re.Match[str]) -> bool:
    """Whether the period before a cut ends an abbreviation (Co., Ltd., Inc.) that belongs to the name."""
    word = text[: match.start()].rsplit(" ", 1)[-1]
    return bool(_LEGAL_FORM_START.match(word)) and len(word) <= 5


def split_forms(text: str) -> list[str]:
    """One published name or alias cell as the names it holds: "X, a.k.a., Y" and "X (f.k.a., Y" are two."""
    parts = [p for p in _AKA.split(text) if p is not None]
    names: list[str] = []
    for part in parts:
        part = tidy(_LEAD_IN.sub("", part.strip()))
        if part.count("(") > part.count(")"):  # an opening parenthesis the extraction never closed
            before, _, inside = part.partition("(")
            names.extend(tidy(p) for p in (before, inside))
            continue
        names.append(part)
    return [n for n in (cut_address(n) for n in names) if n and not _ANNOUNCEMENT.match(n) and len(n) > 1]


def clean_names(name: str, aliases: Iterable[str] = ()) -> Names:
    """The entity's name, aliases and acronyms from a publication's name and alias cells."""
    forms = split_forms(name)
    if not forms:
        raise ValueError(f"no name in {name!r}")
    main = forms[0]
    others: list[str] = forms[1:]
    for alias in aliases:
        others.extend(split_forms(alias))
    acronyms: list[str] = []
    for form in [main, *others]:
        for found in _PAREN_ACRONYM.finditer(form):
            if is_acronym(found.group(1)):
                # A parent's acronym ("... (CASC) 9th Academy"): the unit's names, not its acronyms. Taken as the
                # unit's own, CASC, AVIC and CNNC named a dozen units each, and "CASC" was a review among them.
                if closes_the_name(form, found):
                    acronyms.append(found.group(1))
                others.append(tidy(_PAREN_ACRONYM.sub(" ", form)))
    kept: list[str] = []
    for other in others:
        if is_acronym(other) and other != main:
            acronyms.append(other)
        elif other.casefold() != main.casefold():
            kept.append(other)
    return Names(main, tuple(_unique(kept)), tuple(_unique(acronyms)))


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%d %B %Y", "%m/%d/%Y")


def iso_date(text: str | None) -> str | None:
    """'2021-06-03', '24.02.2026', '04.02.25', 'June 21, 2022', '2022' -> ISO; empty -> None.

    Raises ValueError naming the text when it is none of these."""
    if text is None:
        return None
    value = " ".join(str(text).split())
    if not value or value.lower() in {"none", "null", "n/a"}:
        return None
    if re.fullmatch(r"\d{4}", value):
        return value
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD, DD.MM.YYYY, DD.MM.YY or 'Month D, YYYY')")


def country_code(text: str | None) -> str | None:
    """A country as lists write it, to ISO alpha-2: also "North Korea (DPRK)", "People\u2019s Republic of China"."""
    if not text:
        return None
    plain = re.sub(r"\s*\(.*?\)", "", text).replace("\u2019", "'").replace("Peoples ", "People's ")
    return to_alpha2(text) or to_alpha2(plain)


def watchlist(ctx: JobContext, entry: ListEntry, snapshot: str | None, url: str | None = None) -> Entity:
    """The catalogued list's one Watchlist node (the same id whichever source writes it)."""
    props: dict[str, Any] = {
        "name": entry.title,
        "authority": entry.authority,
        "country": entry.jurisdiction if re.fullmatch(r"[A-Z]{2}", entry.jurisdiction) else None,
        "listId": entry.id,
        "snapshot": snapshot,
    }
    return Entity(list_node_id(entry.id), Label.WATCHLIST, ctx.provenance(entry.id, url or entry.url or None), props)


def listing(
    ctx: JobContext,
    rel_id: str,
    listed: tuple[str, Label],
    entry: ListEntry,
    source_id: str,
    source_url: str | None,
    props: dict[str, Any],
) -> Relation:
    """A LISTED_ON edge from a listed party to its catalogued list."""
    return Relation(
        rel_id,
        Rel.LISTED_ON,
        listed[0],
        listed[1],
        list_node_id(entry.id),
        Label.WATCHLIST,
        ctx.provenance(source_id, source_url),
        {"listId": entry.id, **props},
    )


def party(
    ctx: JobContext,
    node_id: str,
    label: Label,
    names: Names,
    country: str | None,
    source_id: str,
    source_url: str | None,
) -> Entity:
    """A listed organization or person with its names."""
    props: dict[str, Any] = {
        "name": names.name,
        "aliases": list(names.aliases) or None,
        "acronyms": list(names.acronyms) or None,
        "country": country,
    }
    if label is Label.ORGANIZATION:
        props["kind"] = "other"  # lists mix companies, institutes and government bodies
    return Entity(node_id, label, ctx.provenance(source_id, source_url), props)
