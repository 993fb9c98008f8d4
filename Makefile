# The README's promise: `make run` serves the app, `make test` installs what tests need and runs them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint upgrade clean-venv demo bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP)

upgrade: $(STAMP)
	$(PY) -m store upgrade

# A demo service centre in the configured database (DATABASE_URL or data/frontdesk.db): README "Demo data".
demo: upgrade
	$(PY) -m demo load

# A year of data for 50 staff in a temporary SQLite file, then each dashboard timed: README "Benchmark".
# Scale mode: make bench BENCH_ARGS="--sites 50 --years 2 [--database-url URL]".
bench: $(STAMP)
	$(PY) -m demo bench $(BENCH_ARGS)

run: upgrade
	$(PY) -m streamlit run serve.py --server.port 8501 --browser.gatherUsageStats false

# Two test processes: the machine's two cores (TEST_WORKERS=0 runs in one process, for debugging).
TEST_WORKERS ?= 2
test: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean-venv:
	rm -rf $(VENV)
