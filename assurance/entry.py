"""The `assurance` command's entry point: a vocabulary file that cannot be read is reported in
one line even when it breaks the import of the command itself (the vocabularies are read as
the modules that use them load)."""

from __future__ import annotations

import sys

from data_models.config_errors import ConfigError

STOPPED = ("assurance: stopped; nothing half-done was kept (every store is one "
           "transaction).")


def main() -> int:
    try:
        from assurance.cli import main as run
    except ConfigError as error:
        print(f"assurance: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:       # Ctrl+C while the command's own modules load
        print(STOPPED, file=sys.stderr)
        return 2
    try:
        return run()
    except KeyboardInterrupt:       # before or after the command itself (it says so inside)
        print(STOPPED, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
