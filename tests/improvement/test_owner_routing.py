"""Routing to owners: comments, problem reports and link failures reach the institution's
users in a weekly digest sent through the queue, with an opt-out; portal-wide search demand."""

from __future__ import annotations

import re
import time

from django.core import mail

from catalogue_pages.models import PageFeedback
from improvement import digest, problems
from improvement.models import ExternalLink, OwnerPreference
from improvement.statistics import refresh_statistics
from improvement.tasks import send_digests_task
from search.models import ClickLog, Promotion, QueryLog, Synonym
from service_requests.models import ServiceRequest


def _problem(world, n: int = 1) -> ServiceRequest:
    return ServiceRequest.objects.create(
        reference=f"PP-2026-{n:06d}",
        year=2026,
        sequence=n,
        idempotency_token=f"t{n}",
        service_identifier="PAK-OWN-2",
        service_title="Dzīvesvietas deklarēšana",
        request_kind="problem",
        provider_iri=world.owner_org.register_iri,
        contact_name="",
        email="",
        needed="Saite nestrādā",
    )


def test_owner_digest_brings_comments_problem_reports_and_link_failures(world):
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Kur ir cena?")
    PageFeedback.objects.create(page=world.foreign, useful=False, comment="Cits komentārs")
    report = _problem(world)
    ExternalLink.objects.filter(url="https://likumi.example/123").update(
        outcome=ExternalLink.BROKEN, status_code=404
    )
    refresh_statistics(None)
    result = send_digests_task.enqueue()
    assert result.return_value == 2  # both institutions' users are subscribed
    to_owner = [m for m in mail.outbox if m.to == [world.owner.email]]
    assert len(to_owner) == 1
    body = to_owner[0].body
    assert "Kur ir cena?" in body and "Cits komentārs" not in body
    assert report.reference in body
    assert "https://likumi.example/123" in body
    assert "/admin/owners/" in body and "/digest/unsubscribe/" in body


def test_owner_digest_only_once_for_the_same_news(world):
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Kur ir cena?")
    assert digest.send_digest(world.owner.pk) is True
    mail.outbox.clear()
    ExternalLink.objects.update(outcome=ExternalLink.OK)
    refresh_statistics(None)
    sent = digest.send_digest(world.owner.pk)
    assert all("Kur ir cena?" not in m.body for m in mail.outbox)
    assert sent is (len(mail.outbox) == 1)


def test_owner_digest_opt_out_on_the_dashboard(client, world):
    client.force_login(world.owner)
    response = client.post("/admin/owners/digest/", {})
    assert response.status_code == 302
    assert OwnerPreference.objects.get(user=world.owner).weekly_digest is False
    assert world.owner.pk not in digest.recipients()
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Kur ir cena?")
    assert digest.send_digest(world.owner.pk) is False
    client.post("/admin/owners/digest/", {"weekly_digest": "on"})
    assert world.owner.pk in digest.recipients()


def test_owner_digest_opt_out_link_in_the_e_mail(client, world):
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Kur ir cena?")
    digest.send_digest(world.owner.pk)
    link = re.search(r"http\S+/digest/unsubscribe/(\S+)/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    assert (
        OwnerPreference.objects.get(user=world.owner).weekly_digest is True
    )  # GET changes nothing
    client.post(path)
    assert OwnerPreference.objects.get(user=world.owner).weekly_digest is False
    assert client.get("/lv/digest/unsubscribe/forged/").status_code == 404


def test_owner_problem_report_notifies_the_institution_at_once(
    client, world, django_capture_on_commit_callbacks
):
    """Besides the digest, the provider's register contact gets the usual request e-mail."""
    token = problems.issue_token("PAK-OWN-2", issued=time.time() - 60)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/lv/report-problem/PAK-OWN-2/",
            {"token": token, "category": "unclear", "text": "Nesaprotami", "email": ""},
        )
    assert [m.to for m in mail.outbox] == [["pasts@owner.example"]]


def _searches(query: str, count: int, results: int, click: str | None = None) -> None:
    for _ in range(count):
        log = QueryLog.objects.create(query=query, language="lv", result_count=results)
        if click:
            ClickLog.objects.create(query_log=log, identifier=click)


def test_owner_search_demand_ranks_queries_without_results_or_clicks(client, world, admin_user):
    _searches("vīza", 5, 0)
    _searches("sertifikats", 2, 0)
    _searches("pase", 4, 3)
    _searches("deklarēšana", 3, 2, click="PAK-OWN-2")
    client.force_login(admin_user)
    body = client.get("/admin/owners/search-demand/").content.decode()
    zero = body.split('id="zero-h"')[1].split('id="noclick-h"')[0]
    no_click = body.split('id="noclick-h"')[1]
    assert zero.index("vīza") < zero.index("sertifikats")
    assert "pase" in no_click and "deklarēšana" not in no_click
    assert "/admin/snippets/service_search/synonym/" in body


def test_owner_search_demand_acts_with_a_synonym_or_a_promotion(client, world, admin_user):
    client.force_login(admin_user)
    url = "/admin/owners/search-demand/act/"
    client.post(url, {"action": "synonym", "language": "lv", "terms": "vīza, uzturēšanās atļauja"})
    assert Synonym.objects.get().term_list() == ["vīza", "uzturēšanās atļauja"]
    client.post(
        url, {"action": "promote", "language": "lv", "query": "pase", "identifier": "PAK-OWN-1"}
    )
    assert Promotion.objects.get().service_identifier == "PAK-OWN-1"
    client.post(url, {"action": "promote", "language": "lv", "query": "x", "identifier": "NAV"})
    client.post(url, {"action": "synonym", "language": "lv", "terms": "viens"})
    assert Promotion.objects.count() == 1 and Synonym.objects.count() == 1


def test_owner_search_demand_actions_need_the_search_permissions(client, world):
    client.force_login(world.owner)
    response = client.post(
        "/admin/owners/search-demand/act/", {"action": "synonym", "terms": "a, b"}
    )
    assert response.status_code in (302, 403)
    assert Synonym.objects.count() == 0
