"""The ``edubureau`` console script: Django's management commands plus edubureau's own.

``edubureau registry import students FILE`` and ``edubureau plan parse FILE`` are spelled as sub-commands;
they map onto the management commands ``registry`` and ``plan``.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edubureau.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
