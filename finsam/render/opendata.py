"""Open data: every table a document places, as CSV, and all of them as one JSON file.

Public bodies are expected to publish their figures openly. The files carry exactly the
figures of the tables (the same Table objects the pages are typeset from), with the
tables' Swedish headings and machine-readable numbers: a dot as decimal sign, no thousands
separators, a plain minus, percentages as percent (53.9 for 53,9 %). The JSON also says how
each column is shown (its format: kr, tkr, tkr1, procent with one decimal, procent0 with none,
tal, text) and what each row is (a typed or computed line, a sum or a total), so that a
reader, and `finsam jamfor`, can show a figure as the document does.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from ..common.amounts import Unit
from .tables import Table

# A row's kind (render/tables/base.py Row.kind) in the open data's Swedish.
ROW_TYPES = {"line": "rad", "sub": "delrad", "sum": "summa", "total": "total"}


def _number(value: Any, unit: Unit) -> Any:
    """A cell as data: Decimal and int as plain numbers (an amount as the table holds it:
    kronor, or whole tkr where they were rounded so that the lines add up), text as it
    stands."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value) * (100 if unit.is_percent else 1)
        if amount == amount.to_integral_value():
            return int(amount)
        return float(amount.normalize()) if unit.is_percent else str(amount.normalize())
    return str(value)


def _rows(table: Table) -> list[dict[str, Any]]:
    rows = []
    for row in table.rows:
        if not row.values:
            continue  # a heading row carries no figures
        units = [row.format or column.format for column in table.columns]
        rows.append({"rad": row.label, "not": row.note or None,
                     "typ": ROW_TYPES.get(row.kind, row.kind),
                     "värden": [_number(v, u) for v, u in zip(row.values, units, strict=False)],
                     **({"format": row.format.value} if row.format else {})})
    return rows


def table_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read å, ä, ö),
    comma separated, a heading row, one row per table row with figures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    note = ["Not"] if table.note_column else []
    writer.writerow([table.label_header or "Rad", *note, *column_headers(table)])
    for row in _rows(table):
        values = ["" if v is None else v for v in row["värden"]]
        writer.writerow([row["rad"], *([row["not"] or ""] if note else []), *values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def document_json(title: str, year: int, tables: dict[str, Table]) -> bytes:
    """Every placed table of a document in one JSON file, by the table's name."""
    data = {"dokument": title, "ar": year, "tabeller": {
        name: {"rubrik": table.caption, "kolumner": column_headers(table),
               "format": [column.format.value for column in table.columns],
               "rader": _rows(table)} for name, table in tables.items()}}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def column_headers(table: Table) -> list[str]:
    """Each column's heading with the group heading above it ("Utfall 2022 Netto", "Före
    insats Antal"), so that a column read alone says what it is."""
    above: list[str] = []
    for text, width in table.groups:
        above += [text] * width
    skip = 1 if len(above) == len(table.columns) + 1 else 0  # a group cell over the labels
    above = above[skip:] if above else [""] * len(table.columns)
    return [" ".join(filter(None, (group, column.header)))
            for group, column in zip(above, table.columns, strict=False)]
