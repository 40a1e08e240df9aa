"""The ``unireg`` command line: thin callers of the library, one module per command."""

from __future__ import annotations

import importlib
import importlib.util

import click

from unireg import __version__
from unireg.errors import UniregError

# command name -> "module:attribute"; modules are imported lazily so `unireg id` stays fast.
COMMANDS = {
    "id": "unireg.cli.idcheck:id_command",
    "generate": "unireg.cli.generate:generate_command",
    "build": "unireg.cli.build:build_command",
    "demo": "unireg.cli.build:demo_command",
    "report": "unireg.cli.report:report_command",
    "plan": "unireg.cli.plan:plan_command",
    "serve": "unireg.cli.serve:serve_command",
    "users": "unireg.cli.users:users_group",
    "update": "unireg.cli.update:update_command",
    "coverage": "unireg.cli.update:coverage_command",
    "link": "unireg.cli.link:link_group",
}


class UniregGroup(click.Group):
    """Loads commands lazily and turns unireg's own errors into one clear line (exit 2)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        # A command whose module is not there (an optional part not installed) is not listed.
        return sorted(n for n, t in COMMANDS.items()
                      if importlib.util.find_spec(t.split(":")[0]) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        if importlib.util.find_spec(module) is None:
            return None
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UniregError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(2)


@click.group(cls=UniregGroup)
@click.version_option(__version__, prog_name="unireg")
def main() -> None:
    """unireg: a registry of universal social security coverage.

    Build a registry from deliveries, measure coverage, find double enrolment
    and the uninsured. Start with `unireg demo`.
    """


def entry() -> None:
    """The ``unireg`` command: on jemalloc where the machine has it (:mod:`unireg.allocator`),
    then :func:`main`. Tests call :func:`main` in their own process."""
    from unireg.allocator import use_jemalloc

    use_jemalloc()
    main()
