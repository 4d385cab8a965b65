FROM python:3.11-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY queries ./queries
COPY scripts ./scripts
RUN pip install '.[speed]'
ENV RELGRAPH=relgraph HOST=0.0.0.0 PORT=8000 RELGRAPH_STATE_DIR=/var/lib/relgraph
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["bash", "scripts/run.sh"]
