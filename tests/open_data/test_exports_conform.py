"""Every published service of the demo register exports valid CPSV-AP 3.2, in lv and en.

The demo register goes in through the real sync (over HTTP), then every service's export is
fetched like a re-user would and validated with pyshacl against the official 3.2 shapes,
twice: without inference and with RDFS inference over the 3.2 vocabulary.

One pyshacl run per language and mode over the merged exports is equivalent to validating
each export alone *because* every node is described identically in each export that names it
(checked below): a union can then neither add a property that hides a violation nor add one
that causes it. A node an export only names (another service as ``dct:relation``) is no
description: the export closes every link whose range is a class (``cpsv_rows.TYPED_LINKS``),
so what it names without describing is never type-checked in it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from django.conf import settings

from catalogue_pages.models import ServicePage

pytestmark = pytest.mark.django_db

SHARED = Path("/work/shared/cpsv-ap")
VENDOR = Path(settings.BASE_DIR) / "sync" / "vendor"


def reference(name: str) -> Path:
    vendored = VENDOR / name
    return vendored if vendored.exists() else SHARED / name


def _described(graph: rdflib.Graph) -> dict[rdflib.term.Node, frozenset]:
    """Each node named in the graph → the triples describing it (empty when only referenced)."""
    out: dict[rdflib.term.Node, set] = defaultdict(set)
    for s, p, o in graph:
        out[s].add((p, o))
        if isinstance(o, rdflib.URIRef | rdflib.BNode):
            out.setdefault(o, set())
    return {node: frozenset(triples) for node, triples in out.items()}


def merged_exports(client, language: str) -> tuple[rdflib.Graph, int]:
    """All exports of one language as one graph, after checking the union is equivalent."""
    pages = ServicePage.objects.live().filter(locale__language_code=language).order_by("slug")
    merged = rdflib.Graph()
    descriptions: dict[rdflib.term.Node, frozenset] = {}
    count = 0
    for slug in pages.values_list("slug", flat=True):
        response = client.get(f"/{language}/pakalpojumi/{slug}/cpsv-ap.jsonld")
        assert response.status_code == 200, slug
        graph = rdflib.Graph().parse(data=response.content, format="json-ld")
        assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple), slug
        for node, triples in _described(graph).items():
            if not triples:  # only referenced, by a link with no class (dct:relation, …)
                continue
            seen = descriptions.setdefault(node, triples)
            assert seen == triples, f"{node} is described differently in {slug}'s export"
        merged += graph
        count += 1
    return merged, count


def test_every_demo_export_conforms_to_the_official_shapes(client, demo_catalogue, capsys):
    import pyshacl

    shapes = rdflib.Graph().parse(reference("cpsv-ap-SHACL.ttl"), format="turtle")
    vocabulary = rdflib.Graph().parse(reference("cpsv-ap.ttl"), format="turtle")
    counts = {}
    timings = []
    for language in ("lv", "en"):
        graph, count = merged_exports(client, language)
        assert count >= 150, (language, count)
        counts[language] = count
        for inference in ("none", "rdfs"):
            started = time.perf_counter()
            conforms, _report, text = pyshacl.validate(
                graph,
                shacl_graph=shapes,
                ont_graph=vocabulary if inference == "rdfs" else None,
                inference=inference,
                allow_warnings=True,
            )
            timings.append((language, inference, time.perf_counter() - started))
            assert conforms, f"{language}/{inference}:\n{text[:4000]}"
    with capsys.disabled():
        print(
            f"\nCPSV-AP 3.2 shapes: {counts['lv']} lv + {counts['en']} en exports conform "
            "(no inference and RDFS inference); pyshacl "
            + ", ".join(f"{lang}/{inf} {secs:.1f} s" for lang, inf, secs in timings)
        )
