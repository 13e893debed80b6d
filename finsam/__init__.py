"""finsam: Markdown + YAML till årsredovisning och verksamhetsplan för samordningsförbund.

The package is the pipeline, a folder per stage; a module may import only the stages before
its own: common → load → model → accounts → render → pdf → site, then build.py (the
pipeline, `finsam.build.build()`) and commands/ (the command line) on top.
"""
