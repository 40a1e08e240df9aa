"""Every command has help text and a docs entry (style.md #14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from unireg.cli import COMMANDS, main

DOCS = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_and_docs(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 3
    assert f"## unireg {name}\n" in DOCS


def test_every_command_is_listed() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for name in COMMANDS:
        assert name in result.output
