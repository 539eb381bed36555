"""The `macp` command: Django's management commands, spelt with hyphens as the contracts spell them."""

import os
import sys

# Commands that work on files only: they serve nothing and sign nothing, so they need no SECRET_KEY.
OFFLINE_COMMANDS = {"link", "gen_records"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macp.config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1] in OFFLINE_COMMANDS:
            os.environ.setdefault("MACP_OFFLINE_COMMAND", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
