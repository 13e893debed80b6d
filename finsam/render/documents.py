"""The kinds of document the tool makes, one record each: everything that differs between an
årsredovisning and a verksamhetsplan is here, so no other module asks which kind it has.

A record names the compute function, the tables a section can place (by name, with their
builders: each builder decides its table's columns and how they are shown), the tables
made from the document's own data (a note for each line the förbund specifies), its charts,
the extra names its narrative may use, its blocks (signatures, goal follow-ups) and how the
index and the page describe it. (The manifest models are validate's: validate.MANIFESTS,
by the same key.)
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..accounts.compute import (
    ArsredovisningFigures,
    VerksamhetsplanFigures,
    compute_arsredovisning,
    compute_verksamhetsplan,
)
from ..model.dokument import Manifest
from ..model.kontoplan import Kontoplan
from .diagram import CHARTS, Chart
from .tables import TableBuilder, drift, notes, overview, plan, statements


@dataclass(frozen=True)
class DocumentType:
    key: str  # the manifest's typ
    label: str  # in the archive index
    decided: str  # the page's line about the decision: "Fastställd av styrelsen …"
    compute: Callable[..., Any]  # (manifest, project, ledger) → figures
    tables: dict[str, TableBuilder]  # what a section places by name: [[resultatrakning]]
    narrative: Callable[[Any], dict[str, Any]]  # figures → names beyond the figures' own
    # Tables made from the document's own data: (figures, chart) → name → builder.
    data_tables: Callable[[Any, Kontoplan], dict[str, TableBuilder]] = (
        lambda figures, chart: {})
    charts: dict[str, Chart] = field(default_factory=dict)
    has_signatures: bool = False  # underskrifter-styrelse, underskrifter-revisorer
    follows_up_goals: bool = False  # uppfoljning-<område>
    shows_deviations: bool = False  # avvikelser: what a reproduced report does not hold

    def placeable_tables(self, figures: Any, chart: Kontoplan) -> dict[str, TableBuilder]:
        return self.tables | self.data_tables(figures, chart)


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


def _specifications(figures: ArsredovisningFigures, chart: Kontoplan
                    ) -> dict[str, TableBuilder]:
    """A note for each line of the chart the förbund specifies, and a sub-note for each
    driftredovisning line typed with a specification."""
    return notes.specification_tables(chart) | notes.drift_specification_tables(figures)


ARSREDOVISNING_TABLES: dict[str, TableBuilder] = {
    "femarsoversikt": overview.femarsoversikt,
    "resultatrakning": statements.resultatrakning,
    "balansrakning": statements.balansrakning,
    "kassaflodesanalys": statements.kassaflodesanalys,
    "driftredovisning": drift.driftredovisning,
    "not-intakter": notes.not_intakter,
    "not-kostnader": notes.not_kostnader,
    "balanskravsutredning": overview.balanskravsutredning,
    "not-eget-kapital": notes.not_eget_kapital,
    "kostnadsfordelning": overview.kostnadsfordelning,
    "driftsammandrag": drift.driftsammandrag,
    "i-korthet": overview.i_korthet,
    "eget-kapital": overview.eget_kapital,
    "malsammanfattning": overview.malsammanfattning,
}

VERKSAMHETSPLAN_TABLES: dict[str, TableBuilder] = {
    "resultatbudget": plan.resultatbudget,
    "kassaflodesbudget": plan.kassaflodesbudget,
    "balansbudget": plan.balansbudget,
}

DOCUMENT_TYPES: dict[str, DocumentType] = {
    "arsredovisning": DocumentType(
        "arsredovisning", "Årsredovisning", "Fastställd", compute_arsredovisning,
        ARSREDOVISNING_TABLES, _arsredovisning_names, _specifications, CHARTS,
        has_signatures=True, follows_up_goals=True, shows_deviations=True),
    "verksamhetsplan": DocumentType(
        "verksamhetsplan", "Verksamhetsplan och budget", "Beslutad", compute_verksamhetsplan,
        VERKSAMHETSPLAN_TABLES, _verksamhetsplan_names),
}


def document_type(manifest: Manifest) -> DocumentType:
    return DOCUMENT_TYPES[manifest.typ]
