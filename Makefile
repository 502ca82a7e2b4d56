# Everything a developer needs: `make run` and `make test` set up the rest themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Locked dependencies, compiled from pyproject.toml by `make lock`: the runtime (with the
# s3 extra) for the Docker image; the runtime plus the test extra for development and CI.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run test lint format messages worker beat check-py clean

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

clean:
	rm -rf $(VENV) var staticfiles
