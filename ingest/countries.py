"""Country names and codes as sources write them, to ISO 3166-1 alpha-2 (pycountry's data, plus the names
sources use that ISO does not: constituent countries, short forms, historical names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pycountry

# Names seen in real sources that ISO's names, official names and codes do not match exactly.
EXTRA: dict[str, str] = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "uk": "GB",
    "united kingdom": "GB",
    "britain": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "russia": "RU",
    "south korea": "KR",
    "korea, south": "KR",
    "korea (south)": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "korea, north": "KP",
    "dprk": "KP",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "taiwan": "TW",
    "republic of china": "TW",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "turkey": "TR",
    "turkiye": "TR",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "burma": "MM",
    "swaziland": "SZ",
    "macedonia": "MK",
    "holland": "NL",
    "the netherlands": "NL",
    "people's republic of china": "CN",
    "prc": "CN",
    "china (prc)": "CN",
    "mainland china": "CN",
    "palestine": "PS",
    "vatican": "VA",
    "kosovo": "XK",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "brunei": "BN",
    "cape verde": "CV",
    "east timor": "TL",
    "micronesia": "FM",
}


@cache
def to_alpha2(value: str | None) -> str | None:
    """'CHINA', 'cn', 'CHN', 'England', 'Korea, Republic of' -> 'CN', 'CN', 'CN', 'GB', 'KR'; unknown -> None."""
    if value is None:
        return None
    text = " ".join(value.strip().split())
    if not text:
        return None
    key = text.lower().rstrip(".")
    if key in EXTRA:
        return EXTRA[key]
    if key == "xk":
        return "XK"  # Kosovo: user-assigned, used by OpenSanctions and the EU, not in ISO's list
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


@dataclass(frozen=True, slots=True)
class CountryReading:
    """A country as a source wrote it, read: the ISO code and, when the code comes from how that source uses an
    ambiguous name rather than from the name itself, the note that says so (kept on the record as countryNote)."""

    code: str | None
    note: str | None = None


def read_country(value: str | None, usage: Mapping[str, tuple[str, str]] | None = None) -> CountryReading:
    """to_alpha2, then the source's own usage for names ISO cannot decide ("KOREA" is two countries in general;
    one source always means one of them): usage maps a lower-cased name to (code, note)."""
    code = to_alpha2(value)
    if code is not None or value is None:
        return CountryReading(code)
    key = " ".join(value.strip().split()).lower()
    if usage and key in usage:
        known, note = usage[key]
        return CountryReading(known, note)
    return CountryReading(None)
