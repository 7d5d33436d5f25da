"""The tietrace REST API (FastAPI, served by uvicorn)."""
