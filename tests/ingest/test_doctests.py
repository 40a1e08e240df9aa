"""The examples in the ingest modules' docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import unireg.ingest

MODULES = sorted(m.name for m in pkgutil.iter_modules(unireg.ingest.__path__, "unireg.ingest."))


@pytest.mark.parametrize("name", ["unireg.ingest", *MODULES])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
