"""The ``pbrkit`` command line: parse options, call one library function, map errors.

Exit codes (DESIGN §2): 0 success, 1 runtime failure, 2 bad input or usage, with
nothing written. Errors print one line per problem and a hint; ``--debug`` shows
the traceback of an unexpected failure.
"""

from __future__ import annotations

from typing import Any

import click

from pbrkit import __version__
from pbrkit.errors import EXIT_FAILURE, PbrkitError


class PbrkitGroup(click.Group):
    """A click group that turns pbrkit errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PbrkitError as error:
            click.echo(f"Error: {error}", err=True)
            if error.hint:
                click.echo(f"Hint: {error.hint}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was written.", err=True)
            ctx.exit(130)
        except Exception as error:
            if ctx.meta.get("pbrkit.debug"):
                raise
            click.echo(f"Error: unexpected failure: {type(error).__name__}: {error}", err=True)
            click.echo("Hint: run again with --debug for details, and report it.", err=True)
            ctx.exit(EXIT_FAILURE)


@click.group(cls=PbrkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pbrkit")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected failures.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """pbrkit: the money behind mental-health Payment by Results, made visible.

    \b
    Cost a caseload against the cluster tariff and care packages:
      pbrkit cost examples/clusters.xlsx
    Check an input without writing anything:
      pbrkit validate examples/clusters.xlsx
    Write a blank input workbook:
      pbrkit template --kind cost my-caseload.xlsx
    """
    ctx.meta["pbrkit.debug"] = debug


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="pbrkit")


# Importing the command modules attaches their commands to ``cli``.
from pbrkit.cli import cluster, cost, misc, tender, uncertainty  # noqa: E402, F401

__all__ = ["cli", "main"]
