"""Stage 6, site: what is published and when: the version line, which documents need building
(incremental), and output/ swapped in whole (publish). May import common."""
