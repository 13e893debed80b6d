"""Shared by every stage: the exception tree (errors), Swedish typography (format), the
rounding rule (rounding) and the stage timer (timing). Imports nothing of finsam."""
