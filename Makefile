# Everything a developer needs: `make run` and `make test` set up the rest themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages worker beat backup restore check-py clean

check-py:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'

$(STAMP): pyproject.toml | check-py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l bs --no-obsolete -i ".venv/*" -i "var/*" -i "tests/*" -i "bench/*" -i "staticfiles/*"
	$(BIN)/python manage.py compilemessages -l bs -i .venv -i var

worker: $(STAMP)
	$(BIN)/celery -A portal worker --loglevel=info

beat: $(STAMP)
	$(BIN)/celery -A portal beat --loglevel=info

# `make backup` writes an archive under BACKUP_DIR (var/backups/); OUT=path chooses another.
backup: $(STAMP)
	$(BIN)/python manage.py backup $(if $(OUT),--output "$(OUT)")

# `make restore FILE=var/backups/portal-backup-....tar.gz` (FORCE=1 replaces a database in use).
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/portal-backup.tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) var staticfiles
