# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install demo clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Serve the app on the embedded SQLite database with the demo district loaded; print the demo logins.
run: $(STAMP)
	$(BIN)/edubureau migrate --no-input -v 0
	$(BIN)/edubureau compilemessages -v 0 --ignore '.venv/*' 2>/dev/null || true
	$(BIN)/edubureau demo --scale district --if-empty
	$(BIN)/edubureau demo_logins
	$(BIN)/edubureau serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	EDUBUREAU_VAR_DIR=$(CURDIR)/var/test $(BIN)/edubureau makemigrations --check --dry-run -v 0

# Lint and the whole suite on SQLite; again on PostgreSQL when EDUBUREAU_DATABASE_URL is set.
test: lint
	EDUBUREAU_VAR_DIR=$(CURDIR)/var/test EDUBUREAU_TASKS_IMMEDIATE=1 EDUBUREAU_DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$EDUBUREAU_DATABASE_URL" ]; then \
	  echo "== again on $$EDUBUREAU_DATABASE_URL"; \
	  EDUBUREAU_VAR_DIR=$(CURDIR)/var/test EDUBUREAU_TASKS_IMMEDIATE=1 $(BIN)/pytest $(PYTEST_ARGS); \
	fi

messages: $(STAMP)
	cd src/edubureau && ../../$(BIN)/edubureau makemessages -l en -l zh_Hans --ignore 'static/*'
	cd src/edubureau && ../../$(BIN)/edubureau compilemessages

clean:
	rm -rf $(VENV) var
