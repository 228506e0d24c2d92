# Two commands matter: `make run` (demo server on 127.0.0.1:5000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := platform_core.app:create_app
TRANSLATIONS := platform_core/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
# Two workers on a two-core machine; override with `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= 2

.PHONY: install run test bench lint translations extract-messages clean

install: $(STAMP) $(MO_FILES)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(MO_FILES)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed
	SCHEDULER_EMBEDDED=true $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -p no:cacheprovider

bench: install
	$(BIN)/python -m pytest -q -p no:cacheprovider benchmarks

lint: install
	$(BIN)/ruff check platform_core plugins tests

clean:
	rm -rf $(VENV) .pytest_cache
