"""`assurance init`: create the schema, or upgrade it (the file backed up first)."""

from __future__ import annotations

import argparse

from assurance.commands.common import CommandError, Commands
from assurance.commands.opening import connect_file, file_path, store_setting
from data_models.schema import LATEST, SchemaError, upgrade_file
from data_models.store.file import init_schema
from data_models.store.lake import open_lake


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("init", parents=[options], help="create or upgrade the schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    setting = store_setting(args)
    if setting is not None:                # one transaction; DuckLake keeps every snapshot
        con = open_lake(setting)
        try:
            lake_report = init_schema(con)
        except SchemaError as error:
            raise CommandError(f"{setting.where}: {error}") from None
        finally:
            con.close()
        names = ", ".join(str(m.version) for m in lake_report.applied)
        print((f"Applied migration(s) {names}. " if names else "")
              + f"Schema ready in {setting.where} (schema {LATEST}).")
        return 0
    path = file_path(args)
    try:
        report = upgrade_file(path, connect_file)
    except SchemaError as error:
        raise CommandError(f"{path}: {error}") from None
    if report.backup:
        print(f"Backed up {path} (schema {report.before}) to {report.backup}.")
    if report.applied:
        names = ", ".join(f"{m.version} ({m.name.replace('_', ' ')})" for m in report.applied)
        print(f"Applied migration(s) {names}.")
    if report.rebuilt and not report.applied:
        print("Rebuilt the views, macros and reference data from this release's files.")
    version = report.applied[-1].version if report.applied else report.before
    print(f"Schema ready in {path} (schema {version}).")
    return 0
