# Family Support Directory — every task in one place. A fresh machine needs only:
#   make run    (virtual environment, install, migrate, load data, serve on 127.0.0.1:8000)
#   make test   (the whole suite; DATABASE_URL=postgres://… runs it on PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DJANGO_DEBUG=true DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
# Tests run with DEBUG off, like production, over plain HTTP on the test client.
TEST_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DJANGO_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
PROD_CHECK_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=check-deploy-$(shell date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH \
	DJANGO_ALLOWED_HOSTS=familysupport.example.org DJANGO_HSTS_PRELOAD=true \
	DJANGO_SITE_URL=https://familysupport.example.org \
	DJANGO_EMAIL_FROM=noreply@familysupport.example.org \
	DJANGO_EDITORIAL_EMAIL=coordinators@familysupport.example.org
PYTEST_ARGS ?=
# Two workers by default: CI and the developers' machines have two cores.
PYTEST_WORKERS ?= 2

.PHONY: install run serve test test-pg lint fmt messages compilemessages migrations-check check-deploy bench data static

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

data: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_geography
	$(DEV_ENV) $(PY) manage.py load_initiatives

run: data compilemessages
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

static: install
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

test: install compilemessages static
	$(TEST_ENV) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-pg:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/familysupport $(MAKE) test

# Production server: gunicorn with GUNICORN_WORKERS workers against DATABASE_URL, static
# files through whitenoise. DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS come from the
# environment (see docs/deploy.md); the database must already be migrated.
serve: install compilemessages
	$(PROD_CHECK_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config familysupport/gunicorn.conf.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Extract strings (needs GNU gettext); the .po and compiled .mo files are committed.
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --no-location --no-obsolete -l nl -l fr -l de -l en --ignore=.venv --ignore=staticfiles --ignore=tests
	$(DEV_ENV) $(PY) manage.py makemessages --no-location --no-obsolete -d djangojs -l nl -l fr -l de -l en --ignore=.venv --ignore=staticfiles
	$(MAKE) compilemessages

# Compiles with Babel (pure Python), so no GNU gettext is needed; only catalogues
# whose .po is newer than their .mo.
compilemessages: install
	$(PY) -m familysupport.compilemessages

migrations-check: install
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	$(PROD_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Page times against the floor view at 0, 10k and 100k synthetic fiches on PostgreSQL
# (BENCH_DATABASE_SERVER, default postgres://postgres@127.0.0.1:5432); see docs/benchmarks.md.
# The load test is `$(PY) bench/load.py` (needs wrk and nginx; loopback only).
bench: install
	$(PY) bench/run.py

# The result sets of the searches in bench/equivalence/queries.txt on the real fiches
# plus 10,000 synthetic ones (PostgreSQL, bench/run.py's database), against the
# recorded baseline: exits non-zero on any difference. See docs/benchmarks.md.
.PHONY: equivalence
equivalence: install
	$(PY) bench/equivalence.py compare --dataset 10k --bench
