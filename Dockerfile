# The tietrace API (and CLI) for running beside Neo4j; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY names ./names
COPY ingest ./ingest
COPY api ./api
COPY queries ./queries
COPY resolve ./resolve
COPY access ./access
COPY screening ./screening
COPY tietrace ./tietrace
RUN pip install . && useradd --create-home tietrace
USER tietrace

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["tietrace", "serve", "--host", "0.0.0.0", "--port", "8000"]
