"""Stage 5, pdf: the print HTML laid out by WeasyPrint and finished as PDF/A + PDF/UA.
May import common (it receives HTML, not models)."""
