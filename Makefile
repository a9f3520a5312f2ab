# Two commands matter: `make demo` and `make test`. Each does the whole set-up itself.
SHELL := /bin/bash
PY := .venv/bin/python
VENDOR := var/frontend
GOVUK := node_modules/govuk-frontend/dist/govuk
MOJ := node_modules/@ministryofjustice/frontend/moj

.PHONY: demo test test-sqlite test-postgres setup frontend migrate lint browser clean

setup: .venv/.installed $(VENDOR)/.copied

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# Only the built files the pages use: pointing collectstatic at the whole dist folders is slow.
$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)/fonts $(VENDOR)/images
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(VENDOR)/
	cp $(GOVUK)/assets/fonts/* $(VENDOR)/fonts/
	cp $(GOVUK)/assets/images/* $(VENDOR)/images/
	cp $(GOVUK)/assets/manifest.json $(VENDOR)/
	cp $(MOJ)/moj-frontend.min.css $(MOJ)/moj-frontend.min.js $(VENDOR)/
	cp $(MOJ)/assets/images/* $(VENDOR)/images/
	touch $@

migrate: setup
	mkdir -p var
	PROBATION_MODE=demo $(PY) manage.py migrate --no-input

# The demo deployment explicitly switches off the second factor so its printed logins work at once.
DEMO_ENV := PROBATION_MODE=demo PROBATION_DEMO_SKIP_OTP=1

demo: migrate
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(DEMO_ENV) .venv/bin/probation demo_setup
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The browser tests need Chromium from the system packages; install it when missing.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-upgrade --no-install-recommends chromium >/dev/null)

# Lint first (seconds), then the whole suite on SQLite, then again on a throwaway PostgreSQL server.
test: setup browser
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: setup
	PROBATION_MODE=test .venv/bin/pytest -q

test-postgres: setup
	bash scripts/with-postgres.sh .venv/bin/pytest -q

lint: setup
	.venv/bin/ruff check .

clean:
	rm -rf .venv node_modules var
