"""The page reads the register's JSON lists by the contract's keys, and by no others.

``catalogue_pages.register_fields`` is what ``sync.map`` writes; a key outside it (the
spellings an older reader accepted: ``phone``, ``desc``, ``hours``…) is never shown.
"""

from __future__ import annotations

from typing import get_type_hints

import pytest

from catalogue_pages import register_fields, sections
from catalogue_pages.models import ServicePage

READERS = {
    "channels": sections.channel_items,
    "costs": sections.cost_items,
    "requirements": sections.requirement_items,
    "outputs": sections.titled_items,
    "legal_resources": sections.legal_items,
    "contact_points": sections.contact_items,
    "participations": sections.participation_items,
}


def _full_item(shape: type) -> dict[str, object]:
    """Every key of the shape filled with a recognisable value."""
    values: dict[str, object] = {}
    for key in get_type_hints(shape):
        if key == "evidence":
            values[key] = [{"title": "evidence title", "description": "evidence text"}]
        elif key == "type":
            values[key] = "phone"
        elif key == "value":
            values[key] = "2.50"
        elif key == "currency":
            values[key] = "EUR"
        elif key in ("url", "page"):
            values[key] = f"https://example.lv/{key}"
        else:
            values[key] = f"{key} value"
    return values


def test_every_json_list_of_the_contract_is_a_register_field_with_a_reader():
    assert set(READERS) == set(register_fields.SERVICE_LISTS)
    assert set(register_fields.SERVICE_LISTS) <= set(ServicePage.register_fields)


@pytest.mark.parametrize("name", sorted(READERS))
def test_an_item_in_the_contract_shape_is_shown(name):
    items = READERS[name]([_full_item(register_fields.SERVICE_LISTS[name])])
    assert len(items) == 1
    assert any(value not in ("", [], False, None) for value in items[0].values())


@pytest.mark.parametrize(
    "name,item",
    [
        ("channels", {"type": "phone", "phone": "+371 1", "desc": "x", "hours": "8-17"}),
        (
            "contact_points",
            {"phone": "+371 1", "openingHours": "8-17", "contactPage": "https://a.lv"},
        ),
        ("legal_resources", {"name": "Likums", "page": "https://likumi.lv"}),
        ("outputs", {"name": "Izziņa", "desc": "Apraksts"}),
        ("costs", {"amount": "5.00", "desc": "Nodeva"}),
        ("requirements", {"name": "Pase", "supporting_evidence": {"name": "ID karte"}}),
        ("participations", {"org_name": "Iestāde", "desc": "Pieņem"}),
    ],
)
def test_keys_outside_the_contract_are_not_read(name, item):
    shown = READERS[name]([item])
    texts = {str(v) for entry in shown for v in entry.values() if isinstance(v, str)}
    leaked = {str(v) for v in item.values() if isinstance(v, str)} & texts - {"phone"}
    assert not leaked
