"""Institution users: signed-in state on public pages, a proper sign-in form, prefilled
contacts, a page and form that agree, two-way messages with e-mail, the provider's dashboard
panel, and file sizes people read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import timezone, translation

from catalogue_pages.site_tree import ensure_site_tree
from service_requests.dashboard import dashboard_requests
from service_requests.models import InternalNote, RequestMessage, ServiceRequest
from tests.factories import InstitutionPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_a(world, client, submit):
    client.force_login(world.requester_a)
    assert submit(world.service.identifier).status_code == 302
    mail.outbox.clear()
    return ServiceRequest.objects.get()


def test_public_pages_show_who_is_signed_in(client, world):
    client.force_login(world.requester_a)
    html = client.get("/lv/").content.decode()
    assert "Pieslēdzies lietotājs: req-a." in html
    assert 'href="/lv/requests/mine/"' in html and "Mani pieprasījumi" in html
    assert 'action="/lv/requests/logout/"' in html
    client.logout()
    assert "Pieslēdzies lietotājs" not in client.get("/lv/").content.decode()


def test_wrong_password_message_is_good_latvian(client, world):
    html = client.post("/lv/requests/login/", {"username": "req-a", "password": "nepareizi"})
    text = html.content.decode()
    assert "pareizu lietotājvārdu un paroli" in text
    assert "pareizu lietotājvārds" not in text
    assert "data-error-summary" in text and "autofocus" in text


def test_contact_fields_are_prefilled_from_the_profile(client, world, submit):
    user = world.requester_a
    user.first_name, user.last_name = "Anna", "Bērziņa"
    user.save()
    client.force_login(user)
    html = client.get(f"/lv/requests/new/{world.service.identifier}/").content.decode()
    assert 'value="Anna Bērziņa"' in html and 'value="req-a@example.lv"' in html
    submit(world.service.identifier, phone="+371 29999999")
    html = client.get(f"/lv/requests/new/{world.service.identifier}/").content.decode()
    assert 'value="+371 29999999"' in html  # the phone of the latest request


def test_failed_submit_focuses_the_error_summary(client, world):
    client.force_login(world.requester_a)
    html = client.post(f"/lv/requests/new/{world.service.identifier}/", {}).content.decode()
    assert 'id="form-errors" autofocus data-error-summary' in html


def test_service_page_and_form_say_the_same_route(client, world):
    world.service.channels = [
        {
            "type": "request-form",
            "request_kind": "agreement-request",
            "description": "Iestāde iesniedz pieprasījumu portālā Virsis.gov.lv "
            "ar kvalificētu e-parakstu.",
        }
    ]
    world.service.save_revision().publish()
    html = client.get(world.service.url).content.decode()
    how = html.split('<section id="how"', 1)[1].split("</section>", 1)[0]
    assert "Virsis.gov.lv" not in how
    assert "ar portāla pieprasījuma veidlapu" in how
    client.force_login(world.requester_a)
    form = client.get(f"/lv/requests/new/{world.service.identifier}/").content.decode()
    assert "Pieprasījumu nosūtāt caur portālu" in form


def test_requester_and_provider_write_to_each_other(
    client, world, request_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/lv/requests/r/{request_a.reference}/messages/", {"text": "Vai vajag līgumu?"}
        )
    assert [m.to for m in mail.outbox] == [["pasts@provider.example"]]
    assert "Vai vajag līgumu?" in mail.outbox[0].body

    client.force_login(world.handler)
    admin = client.get(f"/admin/service-requests/{request_a.pk}/").content.decode()
    assert "Vai vajag līgumu?" in admin
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/service-requests/{request_a.pk}/message/", {"text": "Jā, pievienojiet."}
        )
        client.post(
            f"/admin/service-requests/{request_a.pk}/",
            {"action": "note", "text": "Slepena piezīme"},
        )
    assert mail.outbox[-1].to == ["anna@iestade-a.example"]
    assert "Jā, pievienojiet." in mail.outbox[-1].body
    assert all("Slepena piezīme" not in m.body for m in mail.outbox)

    client.force_login(world.requester_a)
    page = client.get(f"/lv/requests/r/{request_a.reference}/").content.decode()
    assert page.index("Vai vajag līgumu?") < page.index("Jā, pievienojiet.")
    assert "Slepena piezīme" not in page
    assert InternalNote.objects.count() == 1
    assert list(RequestMessage.objects.values_list("side", flat=True)) == ["requester", "provider"]


def test_an_empty_message_is_refused_with_the_reason(client, request_a):
    response = client.post(f"/lv/requests/r/{request_a.reference}/messages/", {"text": "  "})
    assert response.status_code == 400
    assert "Uzrakstiet ziņu" in response.content.decode()
    assert not RequestMessage.objects.exists()


def test_nobody_else_can_write_on_a_request(client, world, request_a):
    client.force_login(world.requester_b)
    response = client.post(f"/lv/requests/r/{request_a.reference}/messages/", {"text": "Sveiki"})
    assert response.status_code == 404
    client.force_login(world.other_handler)
    # A 404 in the admin is answered by the i18n fallback redirect, which ends in a 404 too.
    response = client.post(
        f"/admin/service-requests/{request_a.pk}/message/", {"text": "Sveiki"}, follow=True
    )
    assert response.status_code == 404
    assert not RequestMessage.objects.exists()


def test_dashboard_panel_lists_new_and_overdue_requests(client, world, request_a):
    old = ServiceRequest.objects.create(
        reference="VR-2026-000099",
        year=2026,
        sequence=99,
        idempotency_token="old",
        service_identifier=world.service.identifier,
        service_title="Vecs pieprasījums",
        request_kind="agreement-request",
        provider_iri=request_a.provider_iri,
        contact_name="B",
        email="b@example.lv",
        needed="x",
        status=ServiceRequest.IN_PROGRESS,
    )
    ServiceRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    panel = dashboard_requests(world.handler)
    assert panel["new_count"] == 1 and panel["new_requests"] == [request_a]
    assert [r.reference for r in panel["overdue_requests"]] == ["VR-2026-000099"]
    assert dashboard_requests(world.other_handler)["new_count"] == 0
    client.force_login(world.handler)
    html = client.get("/admin/").content.decode()
    assert 'id="service-requests-section"' in html and request_a.reference in html


@pytest.mark.parametrize(
    ("size", "lv", "en"),
    [
        (1, "1 baits", "1 byte"),
        (66, "66 baiti", "66 bytes"),
        (21, "21 baits", "21 bytes"),
        (1_258_291, "1,2 MB", "1.2 MB"),
        (2048, "2 KB", "2 KB"),
    ],
)
def test_file_sizes_in_human_units(size, lv, en):
    template = Template("{% load portal_tags %}{{ size|human_size }}")
    for language, expected in (("lv", lv), ("en", en)):
        with translation.override(language):
            assert template.render(Context({"size": size})) == expected


def test_english_pages_use_the_registers_english_names(client, world, request_a):

    tree = ensure_site_tree()
    en_provider = InstitutionPageFactory(
        title="State Digital Development Agency",
        register_iri=world.provider.register_iri,
        parent=tree.institutions["en"],
        locale=tree.institutions["en"].locale,
    )
    ServicePageFactory(
        title="Data exchange connection",
        identifier=world.service.identifier,
        parent=tree.services["en"],
        locale=tree.services["en"].locale,
        competent_authority=en_provider,
        for_institutions=True,
    )
    mine = client.get("/en/requests/mine/").content.decode()
    assert "Data exchange connection" in mine and "Datu apmaiņas pieslēgums" not in mine
    detail = client.get(f"/en/requests/r/{request_a.reference}/").content.decode()
    assert "State Digital Development Agency" in detail
    assert "Datu apmaiņas pieslēgums" in client.get("/lv/requests/mine/").content.decode()
