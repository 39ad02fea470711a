# The two commands of the README: `make demo` (run the portal on the embedded default) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV := .tools/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test venv system-deps services browser-deps lint check clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

venv: $(UV)
	$(UV) sync --frozen --quiet

demo: venv
	$(VENV)/bin/portal demo

system-deps:
	bash scripts/install-system-deps.sh

services:
	bash scripts/start-services.sh

browser-deps:
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then npm ci --no-audit --no-fund; fi

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: venv system-deps services browser-deps lint
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .tools var artifacts node_modules
