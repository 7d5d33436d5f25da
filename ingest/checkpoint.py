"""Per-source progress on disk: how many records of which input are committed, and the incremental cursor.

Written after each committed batch (write to a temporary file, then rename), so after a crash it names exactly
the records already in the graph. A rerun of the same input skips those; upserts are idempotent anyway, so a
record replayed after a crash between the commit and the checkpoint changes nothing but `lastSeen`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(slots=True)
class Checkpoint:
    fingerprint: str = ""  # which input this progress is about (source, file or query, options)
    committed: int = 0  # records of that input already upserted
    completed: bool = False
    since: str | None = None  # incremental cursor: the date the last complete run started
    updated_at: str = ""


class CheckpointStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Checkpoint:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Checkpoint(**data)
        except FileNotFoundError:
            return Checkpoint()
        except (ValueError, TypeError):
            # A damaged checkpoint only costs a replay: upserts are idempotent.
            return Checkpoint()

    def save(self, checkpoint: Checkpoint) -> None:
        checkpoint.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(checkpoint)), encoding="utf-8")
        tmp.replace(self.path)
