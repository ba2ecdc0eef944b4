"""Property tests: no input, however odd, crashes a run or half-writes a service."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue_pages.models import ServicePage
from sync.map import service_fields
from sync.parse import ParseError, parse_document
from sync.validate import validate
from tests.sync.conftest import sync

texts = st.text(max_size=60)
langs = st.sampled_from(["lv", "en", "fr", "LV", "en-GB", "x", "zz-!!", ""])


def literal():
    return st.one_of(
        texts,
        st.builds(
            lambda v, lang: {"@value": v, "@language": lang} if lang else {"@value": v},
            texts,
            langs,
        ),
        st.integers(),
        st.none(),
    )


def service_node(i: int):
    return st.fixed_dictionaries(
        {
            "@id": st.just(f"https://virsis.example/id/service/P{i}"),
            "@type": st.sampled_from(
                ["cpsv:PublicService", "cv:Channel", ["cpsv:PublicService", "x:Y"]]
            ),
        },
        optional={
            "dct:identifier": st.one_of(literal(), st.lists(texts, max_size=2)),
            "dct:title": st.one_of(literal(), st.lists(literal(), max_size=3)),
            "dct:description": literal(),
            "cv:hasCost": st.just({"@id": "https://virsis.example/id/cost"}),
            "cv:processingTime": literal(),
            "dct:audience": st.just({"@id": "https://virsis.example/audience/citizen"}),
            "vrsp:owner": texts,
        },
    )


documents = st.builds(
    lambda nodes, extra: {
        "@context": {
            "cpsv": "http://purl.org/vocab/cpsv#",
            "cv": "http://data.europa.eu/m8g/",
            "dct": "http://purl.org/dc/terms/",
            "vrsp": "https://virsis.example/ns/private#",
            "x": "http://x.example/",
        },
        "@graph": nodes + extra,
    },
    st.lists(st.integers(0, 5).flatmap(service_node), max_size=5),
    st.lists(
        st.fixed_dictionaries(
            {
                "@id": st.just("https://virsis.example/id/cost"),
                "@type": st.just("cv:Cost"),
                "cv:hasValue": literal(),
            }
        ),
        max_size=1,
    ),
)


@settings(max_examples=60, deadline=None)
@given(documents)
def test_parse_validate_map_never_crash(doc):
    try:
        parsed = parse_document(json.dumps(doc).encode())
    except ParseError:
        return
    checked = validate(parsed)
    for record in checked.services:
        assert record.identifier
        fields, _ = service_fields(record, "lv", parsed.organisations, {})
        assert fields["title"]
        json.dumps(fields)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_are_a_parse_error_or_a_document(data):
    with contextlib.suppress(ParseError):
        parse_document(data)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents)
def test_a_run_on_odd_input_completes_or_aborts_cleanly(site_tree, tmp_path, doc):
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps(doc))
    before = ServicePage.objects.count()
    try:
        lines = sync(path)
    except CommandError:
        assert ServicePage.objects.count() == before
        return
    assert lines[-1].startswith("created=")
    for page in ServicePage.objects.all():
        assert page.title and page.identifier and page.content_hash
