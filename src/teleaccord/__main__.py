"""``python -m teleaccord``: the same as the ``teleaccord`` command."""

import sys

from teleaccord.cli import main

if __name__ == "__main__":
    sys.exit(main())
