# Mentorbot: the same `make setup` that CI proves, then `mentorbot serve`.
# Build: docker build -t mentorbot .      Run: see compose.yaml and docs (operations guide).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/app/.venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends make curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 mentorbot

WORKDIR /app
# The source (see .dockerignore), then the install CI uses: `make setup` installs
# requirements.lock with --require-hashes, then the project itself.
COPY . .
RUN test -f requirements.lock && make setup && chown -R mentorbot /app

USER mentorbot
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
CMD ["mentorbot", "serve", "--host", "0.0.0.0", "--port", "3000"]
