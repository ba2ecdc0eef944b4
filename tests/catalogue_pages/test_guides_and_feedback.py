"""Life-situation guides, institution pages, and the "Was this page useful?" form."""

from __future__ import annotations

import re
import time

import pytest

from catalogue_pages import feedback
from catalogue_pages.models import PageFeedback

pytestmark = pytest.mark.django_db


def test_guide_shows_ordered_steps_with_parallel_needs_and_services(client, catalogue):
    html = client.get("/lv/dzives-situacijas/parcelsanas/").content.decode()
    steps = html.split('class="guide-steps"', 1)[1].split("</ol>", 1)[0]
    assert steps.index("Deklarē jauno dzīvesvietu") < steps.index("Legalizē dokumentus")
    second = steps.split('class="guide-step parallel"', 1)[1]
    assert "Legalizē dokumentus" in second and "Paziņo uzņēmumam" in second
    assert steps.count('class="guide-step parallel"') == 1
    assert 'href="/lv/pakalpojumi/dzivesvietas-deklaresana/"' in steps
    assert "Pilsonības un migrācijas lietu pārvalde" in html and "Ārlietu ministrija" in html
    assert "/lv/iedzivotajiem/?situation=parcelsanas" in html


def test_printable_checklist(client, catalogue):
    response = client.get("/lv/dzives-situacijas/parcelsanas/checklist/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="checkbox"' in html and "Deklarē jauno dzīvesvietu" in html
    assert 'media="print"' in html


def test_situation_index_groups_life_and_business(client, catalogue):
    html = client.get("/lv/dzives-situacijas/").content.decode()
    assert 'id="group-life"' in html and "Pārceļos uz citu dzīvesvietu" in html


def test_institution_page_lists_services_per_catalogue_and_contacts(client, catalogue):
    html = client.get("/lv/iestades/pmlp/").content.decode()
    assert 'id="group-citizen"' in html and 'id="group-public-administration"' in html
    assert "Dzīvesvietas deklarēšana" in html and "Datu pieprasījums iestādei" in html
    assert "mailto:pasts@pmlp.gov.lv" in html
    index = client.get("/lv/iestades/").content.decode()
    assert index.index("Ārlietu ministrija") < index.index("Pilsonības")


def _post(client, page, **extra):  # type: ignore[no-untyped-def]
    data = {
        "page": str(page.pk),
        "useful": "yes",
        "comment": "Labi",
        "token": extra.pop("token", None),
    }
    environ = {k: extra.pop(k) for k in list(extra) if k.startswith("HTTP_") or k == "REMOTE_ADDR"}
    data.update(extra)
    return client.post("/lv/feedback/", {k: v for k, v in data.items() if v is not None}, **environ)


def _old_token(page_id: int) -> str:
    """The token of a form rendered ten seconds ago."""
    return feedback.make_token(page_id, issued=time.time() - 10)


def test_feedback_post_redirect_get(client, catalogue):
    page = catalogue.citizen_only
    response = _post(client, page, token=_old_token(page.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?feedback=thanks#feedback"
    stored = PageFeedback.objects.get()
    assert stored.useful is True and stored.comment == "Labi"
    assert (
        "Thank you" in client.get(response["Location"]).content.decode()
        or "paldies" in client.get(response["Location"]).content.decode().lower()
    )


def test_feedback_rejects_bots_and_fast_or_forged_tokens(client, catalogue, monkeypatch):
    page = catalogue.citizen_only
    _post(client, page, token=_old_token(page.pk), website="http://spam")
    with monkeypatch.context() as patch:
        # "Too fast" whatever the machine's load between the token and the post.
        patch.setattr(feedback, "MIN_SECONDS", 3600)
        _post(client, page, token=feedback.make_token(page.pk))
    _post(client, page, token="forged")
    _post(client, page, token=_old_token(page.pk + 1))  # token of another page
    assert PageFeedback.objects.count() == 0


def test_the_feedback_line_is_two_seconds_from_when_the_form_was_shown():
    """Milliseconds: shown at .9 of a second, sent 1.6 s later is too fast; 2.05 s is not."""
    token = feedback.make_token(7, issued=1_000_000.9)
    assert not feedback.check_token(token, 7, now=1_000_002.5)
    assert feedback.check_token(token, 7, now=1_000_002.95)


def test_feedback_rate_limit(client, catalogue):
    from tests.factories import ServicePageFactory

    pages = [
        ServicePageFactory(identifier=f"PAK-FB-RL-{n}") for n in range(feedback.RATE_LIMIT + 3)
    ]
    for page in pages:
        _post(client, page, token=_old_token(page.pk))
    assert PageFeedback.objects.count() == feedback.RATE_LIMIT


def test_feedback_counts_one_answer_per_client_per_page(client, catalogue):
    """Issue 18: a token good for every visitor let a script send ten answers an hour about
    one page from each address. Now one answer per client per page and day counts."""
    page, other = catalogue.citizen_only, catalogue.business_only
    first = _post(client, page, token=_old_token(page.pk))
    again = _post(client, page, token=_old_token(page.pk), useful="no")
    assert first["Location"].endswith("?feedback=thanks#feedback")
    assert again["Location"].endswith("?feedback=answered#feedback")
    assert (
        "Jūsu atbilde par šo lapu jau ir saņemta" in client.get(again["Location"]).content.decode()
    )
    _post(client, other, token=_old_token(other.pk))  # another page: counted
    _post(client, page, token=_old_token(page.pk), REMOTE_ADDR="198.51.100.7")  # another client
    assert PageFeedback.objects.count() == 3


def test_each_rendered_feedback_form_has_its_own_token(client, catalogue):
    page = catalogue.citizen_only
    tokens = {
        re.search(r'name="token" value="([^"]+)"', client.get(page.url).content.decode()).group(1)
        for _ in range(2)
    }
    assert len(tokens) == 2
    assert all(feedback.check_token(t, page.pk, now=time.time() + 5) for t in tokens)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://citur.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://apakš.example.lv"},
    ],
)
def test_feedback_posted_from_another_site_is_not_counted(client, catalogue, headers):
    page = catalogue.citizen_only
    response = _post(client, page, token=_old_token(page.pk), **headers)
    assert response["Location"].endswith("?feedback=expired#feedback")
    assert PageFeedback.objects.count() == 0
    # The same form sent from the portal's own page counts.
    own = _post(
        client,
        page,
        token=_old_token(page.pk),
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert own["Location"].endswith("?feedback=thanks#feedback")


@pytest.mark.parametrize(
    "data", [{}, {"page": "abc"}, {"page": "999999"}, {"page": "1", "useful": "maybe"}]
)
def test_feedback_bad_input_is_never_a_500(client, catalogue, data):
    response = client.post("/lv/feedback/", data)
    assert response.status_code in (302, 400)
    assert client.get("/lv/feedback/").status_code == 405


def test_feedback_report_for_editors(client, catalogue, admin_user):
    PageFeedback.objects.create(page=catalogue.citizen_only, useful=True)
    PageFeedback.objects.create(page=catalogue.citizen_only, useful=False, comment="Par garu")
    client.force_login(admin_user)
    html = client.get("/admin/reports/page-feedback/").content.decode()
    assert "Dzīvesvietas deklarēšana" in html and "50 %" in html and "Par garu" in html
