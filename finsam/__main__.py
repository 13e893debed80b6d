"""`python -m finsam …`: the same as the command `finsam …`."""
import sys

from .commands.start import main

# Guarded, as multiprocessing asks of the module a program starts from (the PDF workers,
# pdf/batch.py): a worker may import it again, as "__mp_main__".
if __name__ == "__main__":
    sys.exit(main())
