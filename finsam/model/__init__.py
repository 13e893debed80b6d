"""Stage 2, model: raw data → typed, validated models (pydantic), the chart of accounts
(kontoplan), the SIE mapping, drafts. Every problem reported at once. May import load, common."""
