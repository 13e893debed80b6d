"""Stage 3, accounts: the figures each document shows, computed from the models (ledger,
statements, driftredovisning, budget columns and plans, goals) and checked against each other.
May import model, load, common."""
