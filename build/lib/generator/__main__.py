"""`python -m generator` is the `parley` command."""

import sys

from generator.cli import main

# The guard matters: worker processes (generator.read) start by importing the main module.
if __name__ == "__main__":
    sys.exit(main())
