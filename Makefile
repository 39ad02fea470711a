# The two commands of the README: `make demo` (run the portal on the embedded default) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
# schemathesis, apart from the portal's environment: it brings `requests`, never importable beside borb (PRODUCT §5)
FUZZ_ENV := .tools/fuzz
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test fast venv fuzz-env system-deps bench-deps services browser-deps lint check clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

# Bytecode is compiled once here: a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module
# in every process (each CLI call and test subprocess paid seconds for it).
venv: $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	$(VENV)/bin/python -m compileall -q domain application infrastructure interfaces tests > /dev/null

fuzz-env: $(UV)
	UV_PROJECT_ENVIRONMENT=$(FUZZ_ENV) $(UV) sync --frozen --quiet --only-group fuzz --no-install-project

demo: venv
	$(VENV)/bin/portal demo

system-deps:
	bash scripts/install-system-deps.sh

# What the benchmarks in bench/ use beyond the tests: wrk, and lighthouse (npm, bench/lighthouse.py).
bench-deps: venv services
	bash scripts/install-system-deps.sh --bench
	@if [ ! -x node_modules/.bin/lighthouse ]; then npm ci --no-audit --no-fund; fi

services:
	bash scripts/start-services.sh

# axe-core only: lighthouse is an optional dependency that only the benchmarks use (make bench-deps).
browser-deps:
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then npm ci --no-audit --no-fund --omit=optional; fi

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy tests/fakes.py  # the fakes, each assigned to its port (tests/ is not type-checked otherwise)
	$(VENV)/bin/lint-imports

test: venv fuzz-env system-deps services browser-deps lint
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider

# The fast tier alone (tests/unit: domain and application through the bus with fakes): no database, broker, browser.
# A tenth of each property test's examples (the `fast` Hypothesis profile, tests/example_budget.py); `make test` runs
# them all.
fast: venv
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider -m unit tests/unit --hypothesis-profile=fast

clean:
	rm -rf $(VENV) .tools var artifacts node_modules
