# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: install compiled-messages run serve test judges lint messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogues are build output (.gitignore): built before running or testing.
compiled-messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

run: compiled-messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

# The site as deployed, on this machine: production settings, PostgreSQL and Redis
# (DATABASE_URL/REDIS_URL, else the local ones), gunicorn and the task worker
# (site/serve.py; Ctrl-C stops both). PORT=8000 WEB_CONCURRENCY=3 by default.
serve: install
	$(BIN)/python -m corpsite.serve

test: compiled-messages
	$(BIN)/pytest $(ARGS)

# Outside judges on the site as deployed: the Nu HTML checker, axe-core, Lighthouse
# (judges/run.py; npm packages from judges/package-lock.json). Exits 1 below the
# thresholds of judges/config.py. JUDGES_PORT=8140 to choose the port (default: a free
# one). Needs node, npm, java and chromium.
judges: compiled-messages
	$(BIN)/python judges/run.py --port $(or $(JUDGES_PORT),0)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the French catalogue after changing interface strings, then translate it.
messages: install
	$(MANAGE) makemessages -l fr --ignore=var --ignore=tests --ignore=bench --no-obsolete

clean:
	rm -rf var/test*.sqlite3 var/test*.sqlite3-wal var/test*.sqlite3-shm var/test-media* var/test-private
