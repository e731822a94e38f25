# Two entry points for a fresh machine: `make run` and `make test`.
# Everything they need is installed into .venv from pyproject.toml + constraints.txt.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

.PHONY: setup run test lint bench standin browser
setup: $(VENV)/.installed

# Without BOT_TOKEN (in the environment or .env): the sandbox on http://127.0.0.1:8080, the bot in
# a browser without Telegram (docs/training.md); with it, the bot against Telegram.
run: $(VENV)/.installed
	$(PY) -m bot

# ruff first; then mypy beside the tests, which mostly wait for the bots they start (~15 s
# sooner on two cores). Either failing fails `make test`.
test: $(VENV)/.installed browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy & types=$$!; $(PY) -m pytest; tests=$$?; wait $$types && exit $$tests

# ruff (lint and import order) and mypy (strict for bot/domain and storage), both configured
# in pyproject.toml; ~20 s on a fresh checkout, a few seconds with their caches.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# tests/browser drive Debian's Chromium (never a downloaded one): installed here when missing
# and we are root with apt-get; otherwise those tests are skipped and say why.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing chromium and chromium-driver for tests/browser"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
			echo "Could not install chromium: tests/browser will be skipped"; \
		else \
			echo "No /usr/bin/chromium: tests/browser will be skipped (apt-get install chromium chromium-driver)"; \
		fi; \
	fi

bench: $(VENV)/.installed
	$(PY) -m bench

standin: $(VENV)/.installed
	$(PY) -m tg_standin
