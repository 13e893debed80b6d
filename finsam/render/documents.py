"""The kinds of document the tool makes, one record each: everything that differs between an
årsredovisning and a verksamhetsplan is here, so no other module asks which kind it has.

A record names the compute function, the tables a section can place, the extra names its
narrative may use, its blocks (signatures, goal follow-ups) and how the index and the page
describe it. (The manifest models are validate's: validate.MANIFESTS, by the same key.)
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..accounts.compute import (
    ArsredovisningFigures,
    VerksamhetsplanFigures,
    compute_arsredovisning,
    compute_verksamhetsplan,
)
from ..model.dokument import Manifest
from .tables import TABLES, Context, Table


@dataclass(frozen=True)
class DocumentType:
    key: str  # the manifest's typ
    label: str  # in the archive index
    decided: str  # the page's line about the decision: "Fastställd av styrelsen …"
    compute: Callable[..., Any]  # (manifest, project, ledger) → figures
    tables: dict[str, Callable[[Context], Table]]
    narrative: Callable[[Any], dict[str, Any]]  # figures → names beyond the figures' own
    has_signatures: bool = False
    follows_up_goals: bool = False


def _arsredovisning_names(figures: ArsredovisningFigures) -> dict[str, Any]:
    groups = figures.aktuellt.kostnadsgrupper
    split = figures.kostnadsfordelning
    return dict(resultatrakning=figures.resultatrakning, balansrakning=figures.balansrakning,
                kassaflode=figures.kassaflode, medlemsbidrag=figures.medlemsbidrag,
                kostnadsgrupper=groups, kategorier=dict(split.utfall) if split else {},
                # kostnader_insatser, kostnader_administration …: each group's sum by name
                **{f"kostnader_{group}": amount for group, amount in groups.items()})


def _verksamhetsplan_names(figures: VerksamhetsplanFigures) -> dict[str, Any]:
    return dict(kassaflodesbudget=figures.kassaflodesbudget)


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "arsredovisning": DocumentType(
        "arsredovisning", "Årsredovisning", "Fastställd", compute_arsredovisning,
        TABLES["arsredovisning"], _arsredovisning_names, has_signatures=True,
        follows_up_goals=True),
    "verksamhetsplan": DocumentType(
        "verksamhetsplan", "Verksamhetsplan och budget", "Beslutad", compute_verksamhetsplan,
        TABLES["verksamhetsplan"], _verksamhetsplan_names),
}


def document_type(manifest: Manifest) -> DocumentType:
    return DOCUMENT_TYPES[manifest.typ]
