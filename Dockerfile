# The production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/data

# Pango for WeasyPrint; DejaVu fonts render Bosnian č ć đ š ž in PDFs; gettext for messages;
# pg_dump/pg_restore for `manage.py backup`/`restore`, from PostgreSQL's own repository
# because they must be as new as the compose file's server (16; Debian 12 ships 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra gettext \
        postgresql-common ca-certificates \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The locked runtime dependencies (with the s3 extra, so S3_BUCKET works), then the project.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
RUN pip install --no-deps . \
    && DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app portal \
    && mkdir -p /data && chown portal /data

USER portal
EXPOSE 8000
# gunicorn reads ./gunicorn.conf.py (threads, timeout, recycling, request limits).
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
