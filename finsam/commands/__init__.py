"""The commands a user runs (cli): build, preview, new year, revision, compare, SIE report.
May import finsam.build and every stage."""
