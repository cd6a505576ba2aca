"""`assurance init`: create the schema, or upgrade it (the file backed up first; the shared
store in one transaction)."""

from __future__ import annotations

import argparse

from assurance.commands.common import CommandError, Commands
from assurance.commands.opening import store_of
from data_models.schema import SchemaError
from data_models.store.stores import StoreBusy


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("init", parents=[options], help="create or upgrade the schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = store_of(args)
    try:
        report = store.upgrade()
    except SchemaError as error:
        raise CommandError(f"{store.where}: {error}") from None
    except StoreBusy as error:
        raise CommandError(str(error)) from None
    if report.backup:
        print(f"Backed up {store.where} (schema {report.before}) to {report.backup}.")
    if report.applied:
        names = ", ".join(f"{m.version} ({m.name.replace('_', ' ')})" for m in report.applied)
        print(f"Applied {'migration' if len(report.applied) == 1 else 'migrations'} {names}.")
    if report.rebuilt and not report.applied:
        print("Rebuilt the views, macros and reference data from this release's files.")
    version = report.applied[-1].version if report.applied else report.before
    print(f"Schema ready in {store.where} (schema {version}).")
    return 0
