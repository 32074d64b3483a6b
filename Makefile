# The two commands of the README: `make run` (the product on the embedded default, with demo data)
# and `make test` (install what the tests need and run the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)
TESTDEPS := $(VENV)/.testdeps-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)
MO     := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test install translations worker cron clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3

$(DEPS): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTDEPS): $(DEPS)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(DEPS) translations

app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po $(DEPS)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ -l $*

translations: $(MO)

# The quick start: embedded PostgreSQL in instance/ (unless DATABASE_URL is set), in-process jobs
# (unless REDIS_URL is set), demo data, the second factor relaxed for the demo (a banner says so).
run: install
	DEMO_RELAX_TOTP=$${DEMO_RELAX_TOTP-1} $(BIN)/flask --app app serve --port $${PORT-5000}

# The layout's import contracts (.importlinter) first, then the whole suite.
test: $(TESTDEPS) translations
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/flask --app app worker

cron: install
	$(BIN)/flask --app app cron

clean:
	rm -rf $(VENV) instance .pytest_cache
