"""Goals (verksamhetsplan/mal.yaml) and their follow-up (arsredovisning/maluppfoljning.yaml)."""
from __future__ import annotations

from typing import Literal

from .fields import Model


class Mal(Model):
    id: str
    text: str


class Omrade(Model):
    id: str
    rubrik: str
    mal: list[Mal]


class Malfil(Model):
    omraden: list[Omrade]


class Uppfoljning(Model):
    maluppfyllelse: Literal["uppnått", "delvis uppnått", "ej uppnått"]
    uppfoljning: str = ""
    utfall: str = ""
