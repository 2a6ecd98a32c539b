"""``python -m gantheory.cli``: the command line."""

import sys

from gantheory.cli import main

sys.exit(main())
