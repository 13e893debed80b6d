"""finsam: Markdown + YAML till årsredovisning och verksamhetsplan för samordningsförbund.

The package is the pipeline, a folder per stage; a module may import only the stages before
its own: common → load → model → accounts → render → pdf → site, then build.py (the
pipeline, `finsam.build.build()`) and commands/ (the command line) on top.
"""

# The tool's version: a project records the one it was made with (projekt.yaml), and the
# version line of every page names it. The first number changes when a project must change.
__version__ = "0.2.0"
