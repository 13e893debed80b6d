"""The page templates' Jinja environment (web.html, print.html, the partials, the archive
index): the project's own template files before the tool's, all run in the sandbox like
narrative, with the filters the templates use, defined here and nowhere else:

- the narrative filters (common/format.py FILTERS: kr, tkr, procent, tal, datum, …);
- `cell`: a table's value as its column (or row) shows it, e.g. {{ v | cell(c.format,
  t.zero) }} (common/amounts.py Unit; zero: how the förbund shows an amount of 0);
- `column_widths`: a table's measured column widths in print, or none (colwidths.py);
- `unbroken_dates`: a heading whose ISO dates never break at their hyphens.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..common.amounts import Unit
from ..common.format import FILTERS
from ..load.templates import TemplateFolders
from .colwidths import column_widths
from .narrative import ContentSandbox, strict_filter

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def unbroken_dates(text: str) -> Markup:
    """A column heading whose ISO dates never break at their hyphens on a narrow screen."""
    return Markup(_ISO_DATE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>',
                                str(escape(text))))


def cell(value: Any, unit: str, zero: str = "0") -> str:
    """One table cell as its column's (or row's) unit shows it (Unit.show)."""
    return Unit(unit).show(value, zero)


class TemplateLoader(jinja2.BaseLoader):
    """The page templates by relative name, the project's own file before the tool's."""

    def __init__(self, templates: TemplateFolders) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.templates.path("/".join(jinja2.loaders.split_template_path(template)))
        try:
            source = path.read_text(encoding="utf-8")
            modified = path.stat().st_mtime_ns
        except OSError:
            raise jinja2.TemplateNotFound(template) from None

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime_ns == modified
            except OSError:
                return False
        return source, str(path), unchanged


@functools.lru_cache(maxsize=8)
def template_environment(templates: TemplateFolders) -> jinja2.Environment:
    """One environment per set of template files, kept: Jinja recompiles a template whose
    file changed (auto_reload), so the preview stays right and skips recompiling the rest.
    A project's own templates are its files, so they all run sandboxed like narrative.
    Nothing about one document is kept in it: what a filter needs comes with its value."""
    env = ContentSandbox(
        loader=TemplateLoader(templates),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update({name: strict_filter(f) for name, f in FILTERS.items()})
    env.filters["unbroken_dates"] = unbroken_dates
    env.filters["cell"] = cell
    # The widths are measured with the fonts and stylesheets of these templates.
    env.filters["column_widths"] = functools.partial(column_widths, templates=templates)
    return env
