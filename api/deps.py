"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    """The store opened once by the app's lifespan."""
    return cast(GraphStore, request.app.state.store)


StoreDep = Annotated[GraphStore, Depends(get_store)]
