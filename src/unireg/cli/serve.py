"""`unireg serve`: the officers' console, citizen self-service and the API, for one workspace."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from unireg.cli.common import json_option

STORE_HELP = ("Where users, sessions, the audit trail and submissions live: duckdb "
              "(W/service.duckdb, one process) or postgres (--dsn).")


def store_options(f: Any) -> Any:
    """The options that pick the state store (shared by `serve` and `users`)."""
    f = click.option("--dsn", default="", metavar="LIBPQ",
                     help="PostgreSQL connection string, e.g. 'host=db dbname=unireg user=svc'. "
                          "Keep the password in PGPASSWORD or ~/.pgpass, not here.")(f)
    f = click.option("--store", type=click.Choice(["duckdb", "postgres"]), default=None,
                     help=STORE_HELP + " Default: postgres when --dsn is given.")(f)
    return f


def service_settings(store: str | None, dsn: str, **kw: Any) -> Any:
    from unireg.service.settings import ServiceSettings

    return ServiceSettings().with_(store=store or ("postgres" if dsn else "duckdb"), dsn=dsn,
                                   **kw)


def _logging(level: str) -> dict[str, Any]:
    """uvicorn's loggers plus unireg's; access lines carry paths only (no personal data in URLs)."""
    fmt = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    return {"version": 1, "disable_existing_loggers": False,
            "formatters": {"plain": fmt},
            "handlers": {"err": {"class": "logging.StreamHandler", "formatter": "plain",
                                 "stream": "ext://sys.stderr"}},
            "loggers": {"uvicorn": {"handlers": ["err"], "level": level},
                        "uvicorn.access": {"handlers": ["err"], "level": level,
                                           "propagate": False},
                        "unireg": {"handlers": ["err"], "level": level}}}


@click.command("serve")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Workspace folder with a built registry.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (put a TLS proxy in front for anything but loopback).")
@click.option("--port", default=8000, show_default=True, type=int)
@store_options
@click.option("--insecure-cookies", is_flag=True,
              help="Cookies without Secure, for plain http on a host other than localhost "
                   "(testing only).")
@click.option("--idle-minutes", type=int, default=None, help="Session idle timeout (15).")
@click.option("--absolute-hours", type=int, default=None, help="Session absolute timeout (8).")
@click.option("--citizen-per-client", type=int, default=None,
              help="Self-service lookups per client address per window (20).")
@click.option("--citizen-per-number", type=int, default=None,
              help="Self-service lookups per ID number per window (5).")
@click.option("--citizen-window", "citizen_window_seconds", type=int, default=None,
              help="The self-service rate-limit window in seconds (600).")
@click.option("--verify-audit", is_flag=True,
              help="Do not serve: verify the audit trail's hash chain, print the result, exit "
                   "1 if broken.")
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Do not serve: write every pending export (survey returns, "
                                 "events, decisions) into this delivery folder and exit.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
@json_option
def serve_command(workspace: Path, host: str, port: int, store: str | None, dsn: str,
                  insecure_cookies: bool, verify_audit: bool, export_dir: Path | None,
                  log_level: str, as_json: bool, **limits: int | None) -> None:
    """Serve the registry in WORKSPACE: officers' console, citizen self-service, API.

    Officers log in with accounts made by `unireg users add` (there is no default
    account). Citizens check their coverage at /check. The API is described at
    /api/v1/openapi.json. With the embedded store only this process may open
    W/service.duckdb: stop the server before `unireg users ...`, or use PostgreSQL.

    \b
    Examples:
      unireg users add admin --role administrator --scope 100000 -w W
      unireg serve -w W --port 8000
      unireg serve -w W --verify-audit
      unireg serve -w W --export deliveries/next
    """
    from unireg.service.context import open_service

    settings = service_settings(store, dsn, cookie_secure=not insecure_cookies, **limits)
    svc = open_service(workspace, settings)
    try:
        if verify_audit:
            result = svc.verify_audit()
            if as_json:
                click.echo(json.dumps(result.to_dict()))
            elif result.ok:
                click.echo(f"audit trail OK: {result.rows:,} rows; last hash {result.head}")
            else:
                click.secho(f"audit trail BROKEN at row {result.first_bad}: {result.problem} "
                            f"({result.rows:,} rows good before it)", fg="red", err=True)
            sys.exit(0 if result.ok else 1)
        if export_dir is not None:
            from unireg.service.exports import export_all
            from unireg.service.roles import NATION

            written = export_all(svc, NATION, export_dir)
            for path in written:
                click.echo(str(path))
            if not written:
                click.echo("nothing to export")
            return
        import uvicorn

        from unireg.web.app import create_app

        if svc.store.count_users("administrator") == 0:
            click.echo("No administrator yet: create one with\n  unireg users add NAME --role "
                       f"administrator --scope 100000 -w {workspace}\n(stop this server first "
                       "when using the embedded store)", err=True)
        logging.getLogger("unireg").setLevel(log_level.upper())
        import threading

        from unireg.web import maps

        threading.Thread(target=maps.warm, name="warm-maps", daemon=True).start()
        uvicorn.run(create_app(svc), host=host, port=port, log_config=_logging(log_level.upper()),
                    proxy_headers=True, forwarded_allow_ips="127.0.0.1", server_header=False)
    finally:
        svc.close()
