"""The DCAT-AP 3.0 record of the catalogue: one dataset, its distributions and the feed.

Small and built with rdflib: it describes the dump (formats, media types, licence, publisher,
modification time), not the services themselves.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from requestkit import public_urls

EU = "http://publications.europa.eu/resource/authority/"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "http://www.iana.org/assignments/media-types/"
CPSV_AP = "https://semiceu.github.io/CPSV-AP/releases/3.2.0/"

TITLE = {"lv": "Valsts pakalpojumu katalogs (CPSV-AP)", "en": "Public service catalogue (CPSV-AP)"}
DESCRIPTION = {
    "lv": "Visi publicētie valsts pakalpojumi ar dzīves situācijām, iestādēm un tiesību "
    "aktiem, CPSV-AP 3.2 formātā latviešu un angļu valodā.",
    "en": "Every published public service with its life situations, institutions and legal "
    "resources, as CPSV-AP 3.2 in Latvian and English.",
}
DISTRIBUTIONS = [
    ("cpsv-ap.jsonld", "JSON_LD", "application/ld+json", "JSON-LD"),
    ("cpsv-ap.ttl", "RDF_TURTLE", "text/turtle", "Turtle"),
]


def _lang(graph: Graph, subject: URIRef, prop: URIRef, texts: dict[str, str]) -> None:
    for language, text in texts.items():
        graph.add((subject, prop, Literal(text, lang=language)))


def catalogue_graph(modified: datetime) -> Graph:
    base = public_urls.base_url()
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("vcard", VCARD)
    catalog = URIRef(f"{base}/open-data/catalog")
    dataset = URIRef(f"{base}/open-data/dataset/cpsv-ap")
    publisher = URIRef(settings.OPEN_DATA_PUBLISHER_URL or f"{base}/")
    licence = URIRef(settings.OPEN_DATA_LICENSE)
    when = Literal(modified.isoformat(), datatype=XSD.dateTime)
    page = URIRef(f"{base}/lv/atvertie-dati/")

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME, lang="lv")))
    g.add((publisher, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/NationalAuthority")))

    g.add((catalog, RDF.type, DCAT.Catalog))
    _lang(g, catalog, DCTERMS.title, TITLE)
    _lang(g, catalog, DCTERMS.description, DESCRIPTION)
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.modified, when))
    g.add((catalog, FOAF.homepage, page))
    g.add((catalog, DCAT.dataset, dataset))
    for code in ("LAV", "ENG"):
        g.add((catalog, DCTERMS.language, URIRef(f"{EU}language/{code}")))

    g.add((dataset, RDF.type, DCAT.Dataset))
    _lang(g, dataset, DCTERMS.title, TITLE)
    _lang(g, dataset, DCTERMS.description, DESCRIPTION)
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCTERMS.modified, when))
    g.add((dataset, DCTERMS.conformsTo, URIRef(CPSV_AP)))
    g.add((dataset, DCTERMS.spatial, URIRef(f"{EU}country/LVA")))
    g.add((dataset, DCTERMS.accrualPeriodicity, URIRef(f"{EU}frequency/UPDATE_CONT")))
    g.add((dataset, DCAT.theme, URIRef(f"{EU}data-theme/GOVE")))
    g.add((dataset, DCAT.landingPage, page))
    g.add((page, RDF.type, FOAF.Document))
    for code in ("LAV", "ENG"):
        g.add((dataset, DCTERMS.language, URIRef(f"{EU}language/{code}")))
    for name, file_type, media, label in DISTRIBUTIONS:
        dist = URIRef(f"{base}/open-data/{name}#distribution")
        url = URIRef(f"{base}/open-data/{name}")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.title, Literal(f"CPSV-AP 3.2, {label}", lang="en")))
        g.add((dist, DCTERMS["format"], URIRef(f"{EU}file-type/{file_type}")))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.modified, when))
        g.add((dist, DCTERMS.conformsTo, URIRef(CPSV_AP)))
    feed = URIRef(f"{base}/open-data/changes#distribution")
    g.add((dataset, DCAT.distribution, feed))
    g.add((feed, RDF.type, DCAT.Distribution))
    g.add((feed, DCAT.accessURL, URIRef(f"{base}/open-data/changes")))
    _lang(
        g,
        feed,
        DCTERMS.description,
        {
            "lv": 'Izmaiņu plūsma: ?since=<ISO 8601>, lapas ar Link: rel="next".',
            "en": 'Change feed: ?since=<ISO 8601>, pages linked by Link: rel="next".',
        },
    )
    g.add((feed, DCTERMS["format"], URIRef(f"{EU}file-type/JSON_LD")))
    g.add((feed, DCAT.mediaType, URIRef(IANA + "application/ld+json")))
    g.add((feed, DCTERMS.license, licence))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    # the controlled values, typed as the DCAT-AP shapes require
    for code in ("LAV", "ENG"):
        g.add((URIRef(f"{EU}language/{code}"), RDF.type, DCTERMS.LinguisticSystem))
    g.add((URIRef(f"{EU}country/LVA"), RDF.type, DCTERMS.Location))
    g.add((URIRef(f"{EU}frequency/UPDATE_CONT"), RDF.type, DCTERMS.Frequency))
    g.add((URIRef(CPSV_AP), RDF.type, DCTERMS.Standard))
    theme = URIRef(f"{EU}data-theme/GOVE")
    g.add((theme, RDF.type, SKOS.Concept))
    g.add((theme, SKOS.prefLabel, Literal("Valdība un sabiedriskais sektors", lang="lv")))
    g.add((theme, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    authority = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
    g.add((authority, RDF.type, SKOS.Concept))
    g.add((authority, SKOS.prefLabel, Literal("National authority", lang="en")))
    for _name, file_type, media, _label in DISTRIBUTIONS:
        g.add((URIRef(f"{EU}file-type/{file_type}"), RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((URIRef(IANA + media), RDF.type, DCTERMS.MediaType))
    g.add((URIRef(IANA + "application/gzip"), RDF.type, DCTERMS.MediaType))
    return g
