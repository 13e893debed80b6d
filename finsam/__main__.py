"""`python -m finsam …`: the same as the command `finsam …`."""
import sys

from .commands.start import main

# Guarded: a PDF worker (pdf/batch.py) imports the main module again, as "__mp_main__".
if __name__ == "__main__":
    sys.exit(main())
