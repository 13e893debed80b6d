"""`python -m finsam …`: the same as the command `finsam …`."""
import sys

from .commands.cli import main

sys.exit(main())
