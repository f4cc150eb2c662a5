# Nærvær. Needs only python3 (with venv and pip) and make; everything else is installed here.
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# The benchmarks' databases. Empty: SQLite files in var/bench/ (bench/dataset.py; a data set is
# built once and kept). A PostgreSQL URL without a query string, e.g.
#   make bench BENCH_DATABASE_URL=postgres://naervaer:naervaer@127.0.0.1:5432/naervaer_bench
# runs the same on PostgreSQL, in databases named after it: <name>_<N>k for the data set of
# N thousand employees (created when missing, built once, kept) and <name>_import for the
# import benchmark (dropped and made again by each run).
BENCH_DATABASE_URL ?=
# DATABASE_URL= for the data set of $(1) thousand employees (SQLite: none, bench/dataset.py's file)
bench_database = $(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL)_$(1)k)

# The web server and, beside it, a task worker (imports, large exports, statistics, reminders);
# Ctrl-C or the end of the web server stops both.
define RUN_WEB_AND_WORKER
	NAERVAER_DEMO=1 $(BIN)/naervaer worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	NAERVAER_DEMO=1 $(BIN)/naervaer runserver $(HOST):$(PORT)
endef

.PHONY: install demo serve test pytest lint format messages bench bench-scaling clean

$(BIN)/uv:
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced ## Create the virtual environment from uv.lock

demo: install ## Build the demo organisation and serve it on http://127.0.0.1:8000
	$(BIN)/naervaer migrate --noinput
	$(BIN)/naervaer collectstatic --noinput --verbosity 0
	$(BIN)/naervaer demo
	@echo "\nNærvær runs on http://$(HOST):$(PORT)/ — log in with a demo login above. Ctrl-C stops it."
	$(RUN_WEB_AND_WORKER)

serve: install ## Serve the existing database without rebuilding the demo
	$(BIN)/naervaer migrate --noinput
	$(BIN)/naervaer collectstatic --noinput --verbosity 0
	$(RUN_WEB_AND_WORKER)

lint: install ## Ruff, formatting, mypy (django-stubs) over the project, migrations in step with models
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/naervaer makemigrations --check --dry-run
	$(BIN)/lint-imports  # who may import whom: .importlinter, docs/architecture.md

pytest: install ## The test suite alone (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest --cov  # with the coverage floor of pyproject.toml

test: lint pytest ## Everything CI checks

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Update the Danish translations after changing UI strings (needs gettext)
	cd naervaer && ../$(BIN)/naervaer makemessages -l da -e html,txt,py --no-obsolete --add-location file
	$(BIN)/python scripts/compile_messages.py

bench: install ## Benchmarks (pandas, DuckDB beside), SQLite or BENCH_DATABASE_URL; results go in docs/benchmarks.md
	$(BIN)/uv sync --frozen --quiet --group bench
	$(BIN)/python bench/import_bench.py --employees 10000 $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL)_import)
	$(call bench_database,50) $(BIN)/python bench/stats_bench.py --employees 50000 --load-users 50  # data set built once, kept
	$(call bench_database,50) $(BIN)/python bench/export_bench.py --employees 50000 --format csv  # in-process: CPU, memory
	$(BIN)/uv sync --frozen --quiet

bench-scaling: install ## Dashboard and drill-down at 5k, 20k, 50k, 100k employees (each data set built once)
	$(BIN)/uv sync --frozen --quiet --group bench
	for n in 5000 20000 50000 100000; do \
	  $(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL)_$$((n / 1000))k) \
	  $(BIN)/python bench/stats_bench.py --employees $$n --pages-only --no-change || exit 1; \
	done
	$(BIN)/uv sync --frozen --quiet

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
