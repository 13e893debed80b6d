"""Stage 1, load: the project's files → raw data that remembers each value's file and line
(YAML and Markdown in project.py, the bookkeeping's SIE 4 files in sie.py). May import common."""
