# Growiyo Agents — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: install run test lint format migrate seed worker beat messages bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate_schemas --executor=standard -v 0
	$(PY) manage.py bootstrap

seed: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_chatbot_demo
	$(PY) manage.py seed_booking_demo

run: seed
	$(PY) manage.py collectstatic --noinput -v 0
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting Celery worker and beat (REDIS_URL=$$REDIS_URL)"; \
		$(VENV)/bin/celery -A config worker -B -s $(VENV)/celerybeat-schedule -l info --concurrency 2 & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	echo ""; \
	echo "  Staff admin:      http://localhost:$(PORT)/admin/"; \
	echo "  Demo dashboard:   http://demo.localhost:$(PORT)/"; \
	echo "  Demo shop page:   http://demo.localhost:$(PORT)/demo/"; \
	echo ""; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -s $(VENV)/celerybeat-schedule -l info

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every app with its own locale/ gets its own catalog (run inside the app); the project catalog
# (locale/) holds templates/, accounts/, features/ and config/ strings.
APPS_WITH_CATALOGS = shop chatbot assistant booking emailing addons llm
messages: install
	for app in $(APPS_WITH_CATALOGS); do \
		if [ -d $$app/locale ]; then (cd $$app && ../$(PY) ../manage.py makemessages -l sl -l en) || exit 1; fi; \
	done
	$(PY) manage.py makemessages -l sl -l en --ignore=.venv --ignore=static --ignore=staticfiles \
		--ignore=tests --ignore=bench --ignore=docs --ignore=.pgdata --ignore='*.egg-info' \
		$(foreach app,$(APPS_WITH_CATALOGS),--ignore=$(app))
	$(PY) manage.py compilemessages --ignore=.venv

test: install
	$(VENV)/bin/ruff check .
	TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pgdata staticfiles
