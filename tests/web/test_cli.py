"""`unireg users` and the non-serving modes of `unireg serve`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unireg.cli import main
from unireg.service.audit import verify
from unireg.service.store.duckdb_store import DuckDBStateStore


@pytest.fixture
def ws(web_ws: Path, tmp_path: Path) -> Path:
    w = tmp_path / "ws"
    shutil.copytree(web_ws, w, ignore=shutil.ignore_patterns("service.duckdb"))
    return w


def run(*args: str, input: str | None = None) -> object:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_first_administrator_from_the_command_line(ws: Path) -> None:
    r = run("users", "list", "-w", str(ws))
    assert "no users yet" in r.output  # type: ignore[attr-defined]
    r = run("users", "add", "root", "--role", "administrator", "--scope", "100000", "-w",
            str(ws), input="a long admin passphrase\na long admin passphrase\n")
    assert r.exit_code == 0 and "added root" in r.output  # type: ignore[attr-defined]
    r = run("users", "add", "li", "--role", "county_officer", "--scope", "440305", "-w", str(ws),
            "--password-stdin", "--name", "李明", input="a long officer passphrase\n")
    assert r.exit_code == 0  # type: ignore[attr-defined]
    r = run("users", "list", "-w", str(ws), "--json")
    rows = json.loads(r.output)  # type: ignore[attr-defined]
    assert [(x["username"], x["role"], x["state"]) for x in rows] == [
        ("li", "county_officer", "active"), ("root", "administrator", "active")]
    assert "a long" not in r.output  # type: ignore[attr-defined]
    r = run("users", "disable", "li", "-w", str(ws))
    assert "disabled" in r.output  # type: ignore[attr-defined]
    r = run("users", "list", "-w", str(ws), "--json")
    assert json.loads(r.output)[0]["state"] == "disabled"  # type: ignore[attr-defined]


def test_bad_input_is_one_clear_line(ws: Path) -> None:
    for args, expected in (
        (("users", "add", "x1", "--role", "king", "--scope", "100000", "--password-stdin"),
         "role"),
        (("users", "add", "x1", "--role", "auditor", "--scope", "100000", "--password-stdin"),
         "12 characters"),
        (("users", "disable", "ghost"), "no user"),
        (("users", "add", "x1", "--role", "auditor", "--scope", "4403", "--password-stdin"),
         "six-digit"),
    ):
        r = CliRunner().invoke(main, [*args, "-w", str(ws)], input="short\n")
        assert r.exit_code == 2 and expected in r.output, (args, r.output)
    r = CliRunner().invoke(main, ["users", "list"])
    assert r.exit_code == 2 and "--workspace" in r.output


def test_token_is_printed_once(ws: Path) -> None:
    r = CliRunner().invoke(main, ["users", "token", "civil-gd", "--scope", "coverage:read",
                                  "--region", "440000", "-w", str(ws)])
    assert r.exit_code == 0
    token = r.stdout.strip().splitlines()[-1]
    assert token.startswith("urt_")
    store = DuckDBStateStore(ws / "service.duckdb")
    assert token not in str(store.list_tokens())
    store.close()


def test_verify_audit_and_export(ws: Path, tmp_path: Path) -> None:
    from unireg.service.models import AuditEntry, SurveyReturn

    store = DuckDBStateStore(ws / "service.duckdb")
    store.append_audit(AuditEntry("li", "auditor", "100000", "x", "ok"))
    store.add_survey(SurveyReturn("F-1", "2018-01-02", "", "测试", "1", "1990-01-01", "440305",
                                  "employee", "", "enum", "enum"))
    store.close()
    r = run("serve", "-w", str(ws), "--verify-audit", "--json")
    assert json.loads(r.output)["ok"]  # type: ignore[attr-defined]
    out = tmp_path / "next-delivery"
    r = run("serve", "-w", str(ws), "--export", str(out))
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 1 and files[0].startswith("survey-field-")
    r = run("serve", "-w", str(ws), "--export", str(out))
    assert "nothing to export" in r.output  # type: ignore[attr-defined]
    import duckdb

    con = duckdb.connect(str(ws / "service.duckdb"))
    con.execute("UPDATE audit SET outcome = 'denied'")
    con.close()
    r = CliRunner().invoke(main, ["serve", "-w", str(ws), "--verify-audit"])
    assert r.exit_code == 1 and "BROKEN at row 1" in r.output
    store = DuckDBStateStore(ws / "service.duckdb")
    assert not verify(store.iter_audit()).ok
    store.close()


def test_the_embedded_store_is_one_process_only(ws: Path) -> None:
    held = DuckDBStateStore(ws / "service.duckdb")
    try:
        import subprocess
        import sys

        r = subprocess.run([str(Path(sys.executable).parent / "unireg"), "users", "list", "-w",
                            str(ws)], capture_output=True, text=True)
        assert r.returncode == 2 and "stop the server" in r.stderr, r.stderr
    finally:
        held.close()
