# syntax=docker/dockerfile:1
# macp's image: one image, three processes (web, worker, scheduler: see Procfile and docs/deployment.md).

FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY src ./src
RUN npm run --silent build \
 && mkdir -p build/static/govuk build/static/htmx \
 && cp -R node_modules/govuk-frontend/dist/govuk/assets build/static/govuk/assets \
 && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js build/static/govuk/ \
 && cp node_modules/htmx.org/dist/htmx.min.js build/static/htmx/

FROM python:3.11-slim-bookworm
# WeasyPrint (PDF minutes) needs Pango; nothing else is installed from apt.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MACP_HOME=/app MACP_VAR_DIR=/var/lib/macp TASKS_BACKEND=database
WORKDIR /app
COPY pyproject.toml ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --system --home-dir /app --uid 10001 macp \
 && mkdir -p /var/lib/macp && chown macp /var/lib/macp
COPY --from=assets /app/build ./build
COPY Procfile ./
# Hashed, compressed static files for WhiteNoise; a throwaway key, as collectstatic signs nothing.
RUN SECRET_KEY=collectstatic-only MACP_VAR_DIR=/tmp/macp macp collectstatic --no-input -v 0
USER macp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# The web process by default; compose runs the worker and the scheduler from the same image.
CMD ["gunicorn", "--config", "python:macp.config.gunicorn", "macp.config.wsgi"]
