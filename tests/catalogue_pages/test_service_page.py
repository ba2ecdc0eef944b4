"""The service card: fixed section order, escaped register text, 410 for withdrawn, JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SECTIONS = [
    "summary",
    "who",
    "how",
    "need",
    "cost",
    "time",
    "result",
    "legal",
    "provider",
    "situations",
    "related",
]


def test_every_filled_section_in_the_fixed_order(client, catalogue):
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    positions = [html.index(f'<section id="{name}"') for name in SECTIONS]
    assert positions == sorted(positions)
    assert html.index('<section id="related"') < html.index('class="modified"')
    assert "1.10.2026" in html  # last changed in the register


def test_register_text_is_escaped_and_unsafe_links_dropped(client, catalogue):
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert "&lt;b&gt;tiešsaistē&lt;/b&gt;" in html
    assert "<b>tiešsaistē</b>" not in html
    assert "javascript:alert" not in html


def test_channels_are_actions(client, catalogue):
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    how = html.split('<section id="how"', 1)[1].split("</section>", 1)[0]
    assert 'class="button" href="https://latvija.gov.lv/e/1"' in how
    assert 'href="tel:+37167209400"' in how
    assert how.index("e-service") < how.index("channel-service-centre") < how.index("channel-phone")


def test_empty_sections_are_left_out(client, catalogue):
    html = client.get("/lv/pakalpojumi/uznemuma-registracija/").content.decode()
    for name in ["how", "need", "cost", "time", "result", "legal", "related"]:
        assert f'<section id="{name}"' not in html


def test_editorial_content_sits_around_register_sections(client, catalogue):
    page = catalogue.citizen_only
    page.introduction = "<p>Redaktora ievads</p>"
    page.body = json.dumps(
        [{"type": "callout", "value": {"heading": "Svarīgi", "text": "<p>Ņem līdzi pasi</p>"}}]
    )
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert html.index("Redaktora ievads") > html.index('<section id="summary"')
    assert html.index("Ņem līdzi pasi") > html.index('<section id="how"')
    assert '<section id="need"' in html and '<section id="legal"' in html


def test_processing_time_in_words_in_both_languages(client, catalogue):
    assert "10 dienu" in client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert "10 days" in client.get("/en/pakalpojumi/dzivesvietas-deklaresana/").content.decode()


def test_language_switch_keeps_the_visitor_on_the_same_service(client, catalogue):
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    assert 'href="/en/pakalpojumi/dzivesvietas-deklaresana/" lang="en"' in html


def test_schema_org_government_service(client, catalogue):
    html = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/").content.decode()
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(raw)
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Dzīvesvietas deklarēšana"
    assert data["provider"]["name"] == "Pilsonības un migrācijas lietu pārvalde"
    assert data["areaServed"]["name"] == "Latvia"
    assert data["serviceType"] == "Dzīvesvieta"
    assert {c["@type"] for c in data["availableChannel"]} == {"ServiceChannel"}
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Citizens"}]
    assert data["url"].endswith("/lv/pakalpojumi/dzivesvietas-deklaresana/")
    assert "<b>" not in raw  # escaped for <script>


def _shapes_path() -> Path:
    vendored = Path(settings.BASE_DIR) / "sync" / "vendor" / "cpsv-ap-SHACL.ttl"
    return (
        vendored
        if vendored.exists()
        else Path(settings.BASE_DIR).parent / "shared" / "cpsv-ap" / "cpsv-ap-SHACL.ttl"
    )


@pytest.mark.parametrize("language", ["lv", "en"])
def test_cpsv_ap_export_validates_against_the_shapes(client, catalogue, language):
    import pyshacl
    import rdflib

    response = client.get(f"/{language}/pakalpojumi/dzivesvietas-deklaresana/cpsv-ap.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.content.decode()
    assert "virsis.example/ns/private" not in body
    graph = rdflib.Graph().parse(data=body, format="json-ld")
    assert len(graph) > 20
    shapes = rdflib.Graph().parse(_shapes_path(), format="turtle")
    conforms, _graph, report = pyshacl.validate(graph, shacl_graph=shapes)
    assert conforms, report


def test_cpsv_ap_of_unknown_service_is_404(client, catalogue):
    assert client.get("/lv/pakalpojumi/nav-tada/cpsv-ap.jsonld").status_code == 404


def _withdraw(page, replaced_by=""):  # type: ignore[no-untyped-def]
    type(page).objects.filter(pk=page.pk).update(
        live=False,
        withdrawn_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        replaced_by_identifier=replaced_by,
    )


def test_withdrawn_service_answers_410_in_both_languages(client, catalogue):
    _withdraw(catalogue.citizen_only, replaced_by="PAK-3")
    _withdraw(catalogue.citizen_only_en)
    response = client.get("/lv/pakalpojumi/dzivesvietas-deklaresana/")
    assert response.status_code == 410
    html = response.content.decode()
    assert 'href="/lv/pakalpojumi/legalizacija/"' in html  # the replacement
    assert 'href="/lv/iedzivotajiem/"' in html  # the catalogue
    assert client.get("/en/pakalpojumi/dzivesvietas-deklaresana/").status_code == 410
    assert "dzivesvietas-deklaresana" not in client.get("/lv/iedzivotajiem/").content.decode()
    assert "dzivesvietas-deklaresana" not in client.get("/sitemap.xml").content.decode()
    # Unknown pages still 404.
    assert client.get("/lv/pakalpojumi/nekas/").status_code == 404


def test_withdrawn_service_cannot_be_republished_behind_the_syncs_back(catalogue):
    from catalogue_pages.models import ServicePage

    _withdraw(catalogue.citizen_only)
    page = ServicePage.objects.get(pk=catalogue.citizen_only.pk)
    page.introduction = "<p>jauns</p>"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live is False and page.withdrawn_at is not None


def test_request_form_channel_links_to_the_request_form_when_it_exists(client, catalogue):
    from django.urls import NoReverseMatch, reverse

    html = client.get("/lv/pakalpojumi/datu-pieprasijums/").content.decode()
    try:
        url = reverse("service_requests:new", args=["PAK-4"])
    except NoReverseMatch:
        assert "inter-institutional request form" in html or "pieprasījuma" in html
    else:
        assert f'href="{url}"' in html


def test_sitemap_lists_both_languages_with_alternates(client, catalogue, settings):
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example.lv"
    xml = client.get("/sitemap.xml").content.decode()
    assert "/lv/pakalpojumi/dzivesvietas-deklaresana/</loc>" in xml
    assert "/en/pakalpojumi/dzivesvietas-deklaresana/</loc>" in xml
    assert (
        'hreflang="en" href="https://pakalpojumi.example.lv/en/pakalpojumi/dzivesvietas-deklaresana/"'
        in xml
    )


def test_sitemap_addresses_are_the_public_base_url_not_the_request_host(
    client, catalogue, settings
):
    """Behind the TLS proxy a request arrives as http:// with an internal host name."""
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example.lv"
    xml = client.get("/sitemap.xml", HTTP_HOST="testserver").content.decode()
    assert "<loc>https://pakalpojumi.example.lv/lv/" in xml
    assert "testserver" not in xml and "http://" not in xml.replace("http://www.", "")
    assert "/lv/iedzivotajiem/</loc>" in xml and "/en/</loc>" in xml


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_search_and_requests(
    client, settings
):
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example.lv"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://pakalpojumi.example.lv/sitemap.xml" in lines
    for path in ("/admin/", "/lv/search/", "/en/requests/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the catalogue itself stays crawlable
