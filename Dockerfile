# spackdex: one image for both the indexer and the API (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY spackdex ./spackdex
COPY indexer ./indexer
COPY schema ./schema
COPY server ./server
COPY indexer/sample /opt/spackdex/sample
RUN pip install --no-cache-dir . && useradd --create-home spackdex
USER spackdex
ENV SPACKDEX_INDEX_DIR=/data/index \
    SPACKDEX_HOST=0.0.0.0 \
    SPACKDEX_PORT=8000
EXPOSE 8000
CMD ["spackdex", "serve"]
