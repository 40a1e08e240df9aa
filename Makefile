# Task runner. Every target calls the scripts the README and CI use.
.PHONY: setup demo test lint fmt bench
setup: ; scripts/setup
demo: ; scripts/demo
test: ; scripts/test
lint: setup ; .venv/bin/ruff check src tests benchmarks && .venv/bin/mypy
fmt: setup ; .venv/bin/ruff check --fix src tests benchmarks && .venv/bin/ruff format src tests benchmarks
bench: setup ; .venv/bin/python benchmarks/generate.py --persons 1000000 && .venv/bin/python benchmarks/build.py --persons 1000000
