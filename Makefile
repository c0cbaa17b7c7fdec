# Tongban (通办) — the two commands a newcomer needs are `make run` and `make test`.
.DEFAULT_GOAL := help
PY := .venv/bin/python
MOTO ?= http://localhost:5000
PORT ?= 8000

.PHONY: help env browser run test lint typecheck imports infra-check unit integration e2e bench inbox package clean dlq dlq-replay verify-audit copy-case-files

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

env: ## Create .venv, install pinned requirements and prepare the CJK font (idempotent)
	@bash devtools/ensure-env.sh
	@bash devtools/ensure-fonts.sh

run: env ## Start everything locally: moto, resources, API + pages on :8000, queue consumers, schedules
	$(PY) -m devtools.run --port $(PORT)

test: env browser lint typecheck imports infra-check ## Lint, types, import contracts, infra check, and the whole test suite
	$(PY) -m pytest

browser: ## Chromium + ChromeDriver for the browser tests (Debian packages, idempotent)
	@bash devtools/ensure-browser.sh

lint: env ## ruff lint + format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: env ## mypy (strict on domain and services)
	$(PY) -m mypy chalicelib app.py devtools infra tests

imports: env ## import-linter layer contracts
	.venv/bin/lint-imports

infra-check: env ## infra/template.json in step with the resource spec, and clean under cfn-lint
	$(PY) -m infra.build --check
	.venv/bin/cfn-lint --regions us-east-1 -- infra/template.json
	.venv/bin/cfn-lint --regions us-east-1 cn-northwest-1 -- infra/template-cn.json

unit: env ## Unit tests only (fast, no AWS)
	$(PY) -m pytest tests/unit tests/content

bench: env ## Benchmarks: prints `name: value unit`
	$(PY) -m devtools.bench
	$(PY) -m devtools.bench_documents
	$(PY) -m devtools.bench_clicks
	$(PY) -m devtools.bench_inbox 100 5000

inbox: env ## Print SMS/e-mail sent by a running `make run` (MOTO=url printed at start)
	$(PY) -m devtools.inbox --moto $(MOTO)

PROFILE ?= global
package: env ## Build the deployable artifact and app stack: PROFILE=global (default) or PROFILE=cn (Ningxia)
	@mkdir -p build && bash devtools/package.sh $(PROFILE)

clean: ## Remove caches and build output
	rm -rf build chalicelib/_bundled .pytest_cache .mypy_cache .ruff_cache .local

dlq: env ## List dead-letter messages (AWS env or a running `make run` via AWS_ENDPOINT_URL)
	$(PY) -m devtools.ops dlq-list

dlq-replay: env ## Put dead-letter messages back on their queues (handlers are idempotent)
	$(PY) -m devtools.ops dlq-replay

verify-audit: env ## Verify every case's hash-chained audit trail
	$(PY) -m devtools.ops verify-audit

copy-case-files: env ## Once, for a stage deployed before ADR 0003: copy its cases into the case-files table
	$(PY) -m devtools.ops copy-case-files

.PHONY: staff
STAFF ?= list
staff: env ## Staff directory: STAFF="list" (default) | "add --login L --roles R --jurisdiction J …" | "end --login L"
	$(PY) -m devtools.ops staff $(STAFF)
