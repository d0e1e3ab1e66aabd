"""``python -m wsstories``: the same as the ``wsstories`` command."""

import sys

from .commands.cli import main

sys.exit(main())
