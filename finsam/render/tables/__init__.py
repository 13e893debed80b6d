"""Named tables: computed figures → rows and columns that a template lays out.

A table holds values, not formatted text (base.py: Table, Column, Row); each column (or a
row with a unit of its own) says how its values are shown (common/amounts.py Unit) and
what its figures are (Kolumnslag and year). Authors place a table in a section by writing
its name on a line of its own: [[resultatrakning]]. Each family of tables has its module:
the statements, the notes, the driftredovisning, the årsredovisning's overview tables, the
verksamhetsplan's budget and plan, the statistics; which document places which, by which
name, is its DocumentType's (render/documents.py).
"""
from .base import Column, Context, Row, Table, TableBuilder

__all__ = ["Column", "Context", "Row", "Table", "TableBuilder"]
