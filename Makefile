# Everything a developer needs: `make run` and `make test` set up the rest themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Every setting (HOST, PORT, DATABASE_URL, REDIS_URL...) comes from the environment or from
# .env, read by portal/settings.py, so all targets below share one configuration:
# `PORT=8123 make run` and `make run PORT=8123` both work, and so does PORT=8123 in .env.

# DEBUG: portal/settings.py defaults it to off (production's value); every target here is
# for development, so it is on unless the environment, the command line (`make run
# DEBUG=false`) or .env (or the file ENV_FILE names) sets it.
ifeq ($(origin DEBUG),undefined)
ifeq ($(shell grep -qsE '^[[:space:]]*(export[[:space:]]+)?DEBUG[[:space:]]*=' "$(or $(ENV_FILE),.env)" && echo set),)
export DEBUG := true
endif
endif

# Locked dependencies, compiled from pyproject.toml by `make lock`: the runtime (with the
# s3 extra) for the Docker image; the runtime plus the test extra for development and CI.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"

.PHONY: install lock run run-web migrate db test lint format messages worker beat backup restore check-py clean

check-py:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'

$(STAMP): pyproject.toml $(TEST_LOCK) | check-py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Recompile both locks after a change to pyproject.toml's dependencies; add
# UPGRADE=--upgrade (or UPGRADE="--upgrade-package NAME") to move pinned versions on.
lock: | check-py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(COMPILE) $(UPGRADE) --extra s3 -o $(LOCK)
	$(COMPILE) $(UPGRADE) --extra s3 --extra test -o $(TEST_LOCK)

# The development server on HOST:PORT with the demo data; without REDIS_URL it also runs
# beat's schedule in-process (e-mails under var/mail/). Ctrl-C stops both.
run: migrate
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py serve

# The same without the demo data (e.g. on PostgreSQL, beside `make worker` and `make beat`).
run-web: migrate
	$(BIN)/python manage.py serve

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

# Create the PostgreSQL database DATABASE_URL names, if it is missing.
db: $(STAMP)
	$(BIN)/python manage.py createdb

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
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
