# Mentorbot: `make install-runtime` (the hash-checked runtime lock, the production packages), then `mentorbot serve`.
# Build: docker build -t mentorbot .      Run: see compose.yaml and docs (operations guide).
# The image ships no tests, no dev tools (emulator, demo) and no test or lint dependencies
# (pytest, mypy, scipy, ...): those are in the dev lock, which only `make setup` installs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/app/.venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends make curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 mentorbot

WORKDIR /app
COPY Makefile requirements.lock pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY scheduler ./scheduler
COPY storage ./storage
RUN make install-runtime && rm -rf build *.egg-info && chown -R mentorbot /app

USER mentorbot
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
CMD ["mentorbot", "serve", "--host", "0.0.0.0", "--port", "3000"]
