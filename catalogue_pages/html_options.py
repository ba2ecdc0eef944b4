"""Pre-rendered ``<option>`` and browse-link HTML for facets of a thousand entries.

A catalogue may list a thousand life situations: a template loop over them costs more than the
rest of the page, so the facets render them once per cache generation here, escaped exactly as
template autoescaping would, and the page marks one option selected by a string replace.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe


def escape(value: object) -> str:
    """What ``django.utils.html.escape`` (and template autoescaping) outputs, minus its overhead."""
    return html.escape(str(value))


def options(items: Iterable[tuple[str, str]]) -> str:
    """``<option>`` elements (escaped as the template would), none selected."""
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in items
    )


def select(rendered_options: str, selected: str | None) -> SafeString:
    """The output of ``options`` with the option of value ``selected`` marked selected."""
    if selected:
        value = escape(selected)
        rendered_options = rendered_options.replace(
            f'<option value="{value}">', f'<option value="{value}" selected>', 1
        )
    return mark_safe(rendered_options)  # noqa: S308 - every value was escaped by options()


def links(name: str, items: Iterable[dict[str, object]]) -> str:
    """The browse list items: ``?<name>=<slug>`` links with counts."""
    return "".join(
        f'<li><a href="?{name}={escape(item["slug"])}#results">{escape(item["title"])}</a>'
        f' <span class="count">({item["count"]})</span></li>'
        for item in items
    )
