"""create_app(): used by uvicorn and by the tests. Its lifespan opens the store once and closes it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routers import system
from graph.settings import Settings, get_settings
from graph.store import open_store


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_store(settings or get_settings())
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="tietrace",
        version="0.1.0",
        summary="Which foreign organizations own, control or fund the partners we work with, and how do we know?",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(system.router)
    return app
