"""finsam: Markdown + YAML till årsredovisning och verksamhetsplan för samordningsförbund.

The pipeline, one module per stage:
load (files → raw data with file:line) → validate (typed models) → compute
(statements, checks, ratios) → render (Jinja + markdown-it → HTML) → write
(site and PDF). `finsam.build.build()` reads as that pipeline.
"""
