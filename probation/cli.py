"""The `probation` console command: the project's management commands under one name.

probation import FILE        probation export [FILE]      probation generate --people N --seed S
probation predict ogrs3 FILE probation demo_setup         probation migrate …
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation.settings")
    # Command-line work signs no cookies, so it may run without the web server's SECRET_KEY.
    os.environ.setdefault("PROBATION_CLI", "1")
    args = sys.argv[1:]
    if args and args[0] == "predict":
        # Pure arithmetic on a stream: no need to start Django or touch the database.
        from probation.risk.predict_stream import main as predict_main

        sys.exit(predict_main(args[1:]))
    if (
        args
        and args[0] == "runserver"
        and not os.environ.get("SECRET_KEY")
        and os.environ.get("PROBATION_MODE", "production") == "production"
    ):
        sys.exit("probation runserver: set SECRET_KEY, or PROBATION_MODE=demo for a local demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["probation", *args])


if __name__ == "__main__":
    main()
