"""`unireg users`: add, list, disable and enable officers' accounts; issue API tokens."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option
from unireg.cli.serve import service_settings, store_options
from unireg.errors import ConfigError

workspace_option = click.option(
    "--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Workspace folder (its W/service.duckdb holds the users); not needed with --dsn.")


def shared(f: Any) -> Any:
    return workspace_option(store_options(f))


@contextmanager
def _accounts(workspace: Path | None, store: str | None, dsn: str) -> Iterator[Any]:
    from unireg.service.accounts import Accounts
    from unireg.service.store import open_store

    settings = service_settings(store, dsn)
    if settings.store == "duckdb" and workspace is None:
        raise ConfigError("give --workspace W (the users live in W/service.duckdb), or --dsn")
    try:
        st = open_store(settings, workspace or Path("."))
    except Exception as exc:  # a DuckDB file held by a running server
        if "lock" in str(exc).lower():
            raise ConfigError(f"{workspace}/service.duckdb is in use (is `unireg serve` "
                              "running?): stop the server, or manage users on its "
                              "/admin/users page") from None
        raise
    try:
        yield Accounts(st, settings)
    finally:
        st.close()


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password (12 characters or more)", hide_input=True,
                            confirmation_prompt=True))


@click.group("users")
def users_group() -> None:
    """Manage the accounts of officers, enumerators, auditors and administrators.

    Every user has a role and a region scope (a GB/T 2260 code; 100000 is the
    whole country). There is no default account: create the first administrator
    here, then add others here or on the /admin/users page.

    \b
    Roles: national_officer (scope 100000), provincial_officer (a province),
    county_officer (a prefecture or county), enumerator, auditor, administrator.
    """


@users_group.command("add")
@click.argument("username")
@click.option("--role", required=True, help="national_officer, provincial_officer, "
              "county_officer, enumerator, auditor or administrator.")
@click.option("--scope", required=True, metavar="CODE",
              help="Region code: 100000 (nation), 440000 (province), 440305 (county)...")
@click.option("--name", "display_name", default="", help="The person's full name (shown in "
              "the header).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input "
              "(one line) instead of prompting.")
@shared
def add_command(username: str, role: str, scope: str, display_name: str, password_stdin: bool,
                workspace: Path | None, store: str | None, dsn: str) -> None:
    """Add USERNAME with a role, a region scope and a password (asked twice, hidden).

    \b
    Example:
      unireg users add admin --role administrator --scope 100000 -w W
    """
    password = _read_password(password_stdin)
    with _accounts(workspace, store, dsn) as acc:
        user = acc.add_user(username.lower(), role, scope, password, display_name)
    click.echo(f"added {user.username}: {user.role}, scope {user.scope}")


@users_group.command("list")
@shared
@json_option
def list_command(workspace: Path | None, store: str | None, dsn: str, as_json: bool) -> None:
    """List users: name, role, scope, state."""
    with _accounts(workspace, store, dsn) as acc:
        users = acc.store.list_users()
    rows = [{"username": u.username, "role": u.role, "scope": u.scope,
             "state": "disabled" if u.disabled else ("locked" if u.locked_until else "active"),
             "name": u.display_name, "created": u.created_at.date().isoformat()} for u in users]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no users yet: unireg users add NAME --role administrator --scope 100000 -w W")
    for r in rows:
        click.echo(f"{r['username']:<20} {r['role']:<19} {r['scope']}  {r['state']:<8} "
                   f"{r['name']}")


def _set(username: str, enable: bool, workspace: Path | None, store: str | None,
         dsn: str) -> None:
    with _accounts(workspace, store, dsn) as acc:
        ok = acc.enable(username) if enable else acc.disable(username)
    if not ok:
        raise ConfigError(f"no user {username!r}; see `unireg users list`")
    click.echo(f"{username} {'enabled' if enable else 'disabled (sessions ended)'}")


@users_group.command("disable")
@click.argument("username")
@shared
def disable_command(username: str, workspace: Path | None, store: str | None, dsn: str) -> None:
    """Disable USERNAME: no more log-ins; open sessions end at once."""
    _set(username, False, workspace, store, dsn)


@users_group.command("enable")
@click.argument("username")
@shared
def enable_command(username: str, workspace: Path | None, store: str | None, dsn: str) -> None:
    """Enable USERNAME again."""
    _set(username, True, workspace, store, dsn)


@users_group.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@shared
def password_command(username: str, password_stdin: bool, workspace: Path | None,
                     store: str | None, dsn: str) -> None:
    """Set a new password for USERNAME (and unlock the account)."""
    password = _read_password(password_stdin)
    with _accounts(workspace, store, dsn) as acc:
        if not acc.set_password(username, password):
            raise ConfigError(f"no user {username!r}; see `unireg users list`")
    click.echo(f"password of {username} changed; its sessions ended")


@users_group.command("token")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="coverage:read, summary:read, events:write, surveys:write or audit:verify "
                   "(repeat for several).")
@click.option("--region", default="100000", show_default=True,
              help="Region the token may see (persons outside it are 'not found').")
@shared
def token_command(name: str, scopes: tuple[str, ...], region: str, workspace: Path | None,
                  store: str | None, dsn: str) -> None:
    """Issue an API token for the system NAME; it is printed once and never stored."""
    with _accounts(workspace, store, dsn) as acc:
        plain, token = acc.issue_token(name.lower(), scopes, region, "cli")
    click.echo(f"token for {token.name} ({' '.join(token.scopes)}, region {token.region}):",
               err=True)
    click.echo(plain)
