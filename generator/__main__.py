"""`python -m generator` is the `parley` command."""

import sys

from generator.cli import main

sys.exit(main())
