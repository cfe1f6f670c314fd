# syntax=docker/dockerfile:1
# The portal's image: gunicorn serves the web (the default command); the same image runs the Celery worker, beat
# and the migrations (docker-compose.yml). Configured only by environment variables: README.md lists them.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

# WeasyPrint's system libraries. Without libharfbuzz-subset0 WeasyPrint falls back to fontTools to subset
# fonts and renders PDFs about 2x slower. fonts-dejavu-core and fonts-noto-core carry the glyphs of Estonian
# (õ ä ö ü š ž) and Finnish (å ä ö).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. pip is pinned in constraints.txt:
# --group needs pip >= 25.1 and --build-constraint (xstatic-bootstrap's sdist needs setuptools < 81) >= 25.3.
COPY pyproject.toml constraints.txt build-constraints.txt ./
RUN pip install "pip==$(sed -n 's/^pip==//p' constraints.txt)" \
    && pip install -c constraints.txt --build-constraint build-constraints.txt --group runtime

COPY . .

# collectstatic needs settings but no secret: this throwaway key exists only during this build step.
# The .mo translation files are committed, so no gettext is needed here.
RUN DEBUG=0 SECRET_KEY=collectstatic-only-build-step-key-not-used-at-run-time python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R app:app /app/var

USER app
EXPOSE 8000

# /healthz is outside the language prefixes and exempt from the redirect to https (SECURE_REDIRECT_EXEMPT). The
# request names an allowed host (the first in ALLOWED_HOSTS), or host validation would answer 400.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; hosts = [h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': (hosts or ['localhost'])[0]}), timeout=4)"

CMD ["gunicorn", "welfare_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60"]
