"""Stage 2, model: raw data → typed models (pydantic), one per input file, and the rules
between the files (consistency); the chart of accounts, the SIE mapping, drafts. Every
problem reported at once. May import load, common."""
