# Two commands on a fresh machine: `make run` and `make test`. Everything they need is
# installed here: Python packages into .venv, front-end packages from npm, Chromium from Debian.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := portal
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-postgres bench translations screenshots lint clean browser assets compile-translations

install: $(VENV)/.installed node_modules/.installed assets compile-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The CSS (only the GOV.UK Frontend components the pages use, our font stack and components)
# and the scripts (bundled with just the GOV.UK Frontend components they start), under
# content-hashed names with Brotli and gzip copies, and the manifest the templates link them by:
# portal/assets.py says how. GOV.UK Frontend's images are copied beside them.
assets: static/build/manifest.json

static/build/manifest.json: node_modules/.installed $(VENV)/.installed portal/assets.py \
		$(wildcard static/src/*.scss static/js/*.mjs static/css/*.css)
	$(BIN)/python -m portal.assets

compile-translations: $(VENV)/.installed
	@if ls portal/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -D messages -d portal/translations; \
		$(BIN)/pybabel compile --statistics -D console -d portal/translations; fi

# Debian's Chromium and ChromeDriver for the browser tests (never a downloaded browser), and
# HAProxy and openssl for tests/several_machines (two instances behind a load balancer).
browser:
	@command -v chromium >/dev/null 2>&1 && test -x /usr/sbin/haproxy && \
		command -v openssl >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q chromium chromium-driver haproxy openssl; }

# gunicorn runs without an access log: an invitation link carries its secret in the path.
run: install
	$(BIN)/flask db upgrade
	PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)} $(BIN)/flask demo
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C stops the web server and the worker)"
	@PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)} $(BIN)/flask worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)} PORTAL_ENV=development \
		$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 wsgi:app

test: install browser
	$(BIN)/pytest -q

# The whole suite against PostgreSQL (trust auth on 127.0.0.1; override TEST_DATABASE_URL).
test-postgres: install browser
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q

# The benchmarks that run on their own. bench/worker_crash.py needs a scaled database and is run
# by hand (docs/BENCHMARKS.md says how). bench/page_weight.py writes its figures into
# docs/BENCHMARKS.md and fails when a page is heavier than issue 13's targets.
BENCHES := bench/pages.py bench/dispatch.py bench/page_weight.py
bench: install browser
	@for b in $(BENCHES); do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Two catalogues: "messages" (what victims read, in every language) and "console" (what only
# staff read, in English and Welsh). `make translations` extracts, updates and compiles both.
BABEL_KEYWORDS := -k _l -k _lp:1c,2 -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 \
	--add-comments=Translators: --sort-by-file --no-wrap
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) -o portal/translations/messages.pot .
	$(BIN)/pybabel extract -F console.cfg $(BABEL_KEYWORDS) -o portal/translations/console.pot .
	$(BIN)/pybabel update -D messages -i portal/translations/messages.pot -d portal/translations --no-wrap --ignore-obsolete
	@test -f portal/translations/cy/LC_MESSAGES/console.po || \
		$(BIN)/pybabel init -D console -i portal/translations/console.pot -d portal/translations -l cy --no-wrap
	$(BIN)/pybabel update -D console -l cy -i portal/translations/console.pot -d portal/translations --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile --statistics -D messages -d portal/translations
	$(BIN)/pybabel compile --statistics -D console -d portal/translations

screenshots: install browser
	$(BIN)/python -m tests.browser.screenshots

# ruff (configured in pyproject.toml): pyflakes, pycodestyle, import order, bugbear. CI runs it.
lint: $(VENV)/.installed
	$(BIN)/ruff check portal tests bench migrations

clean:
	rm -rf $(VENV) node_modules static/build instance/portal.db
