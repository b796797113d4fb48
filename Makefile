# thidua: the targets CI runs. `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_FOR_VENV := $(shell for c in python3.13 python3.12; do \
	  p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then \
	  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -rV); do \
	    p=$$(pyenv prefix $$v 2>/dev/null)/bin/python3; [ -x $$p ] && { echo $$p; exit 0; }; \
	  done; \
	fi; \
	for p in $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do [ -x $$p ] && { echo $$p; exit 0; }; done)

.PHONY: install demo test messages lint format typecheck check-deploy migrations-check clean

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "No Python >= 3.12 found (tried python3.13, python3.12 on PATH and pyenv)."; \
	  echo "Install Python 3.13 (for example: pyenv install 3.13) and run make again."; \
	  exit 1; fi
	@echo "Using $(PYTHON_FOR_VENV)"
	test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Refresh the English catalogue after changing Vietnamese source strings (needs gettext).
messages: install
	cd src/thidua && ../../$(PY) -m thidua makemessages -l en --no-obsolete --ignore '*/migrations/*'
	cd src/thidua && ../../$(PY) -m thidua compilemessages -l en

lint: install
	$(VENV)/bin/ruff check src tests $(wildcard bench)
	$(VENV)/bin/ruff format --check src tests $(wildcard bench)

format: install
	$(VENV)/bin/ruff format src tests $(wildcard bench)
	$(VENV)/bin/ruff check --fix src tests $(wildcard bench)

typecheck: install
	$(VENV)/bin/mypy

migrations-check: install
	mkdir -p var
	$(PY) -m thidua makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=thidua.settings.production \
	SECRET_KEY=$$(head -c 64 /dev/urandom | base64 | tr -d '\n/+=' | head -c 60) \
	ALLOWED_HOSTS=thidua.example.gov.vn \
	$(PY) -m thidua check --deploy --fail-level WARNING

demo: install
	mkdir -p var
	$(PY) -m thidua migrate --noinput
	$(PY) -m thidua load_demo
	$(PY) -m thidua collectstatic --noinput -v0
	$(PY) -m thidua demo_logins
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C stops the server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) -m thidua db_worker & \
	  DEBUG=1 $(PY) -m thidua runserver 127.0.0.1:8000

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
