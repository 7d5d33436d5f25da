"""Progress on the terminal (counts and rate), silent when stderr is not a terminal (CI, cron, pipes)."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

log = logging.getLogger(__name__)


class IngestProgress:
    def __init__(self, source: str, enabled: bool | None = None) -> None:
        self._source = source
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._began = time.monotonic()
        self._read = self._rejected = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        if self._enabled:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                TextColumn(
                    "{task.fields[read]:>10,} read  {task.fields[rejected]:,} rejected  {task.fields[rate]:,.0f}/s"
                ),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self._source, total=None, read=0, rejected=0, rate=0.0)
        return self

    def update(self, read: int, rejected: int) -> None:
        self._read, self._rejected = read, rejected
        if self._bar is not None and self._task is not None:
            rate = read / max(time.monotonic() - self._began, 1e-6)
            self._bar.update(self._task, read=read, rejected=rejected, rate=rate)
        elif read and read % 50_000 == 0:
            log.info("%s: %d records read, %d rejected", self._source, read, rejected)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
