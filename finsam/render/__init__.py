"""Stage 4, render: sections (sandboxed Jinja, then Markdown), tables, charts, open data and the
archive's pages → HTML. May import accounts, model, load, common."""
