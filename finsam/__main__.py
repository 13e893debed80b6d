"""`python -m finsam …`: the same as the command `finsam …`."""
import sys

from .commands.start import main

sys.exit(main())
