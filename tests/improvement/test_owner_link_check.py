"""Link checking against a real local HTTP server: HEAD then GET, timeouts, politeness per
host, limited concurrency; results per page, shown to the owners."""

from __future__ import annotations

import pytest

from catalogue_pages.models import InstitutionPage, ServicePage
from improvement import linkcheck
from improvement.links import collect_links
from improvement.models import ExternalLink, PageLink, ServiceHealth
from improvement.services import run_link_check
from improvement.tasks import check_links_task

from .link_server import LinkServer


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


@pytest.fixture
def fast_checks(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT = 2.0  # a loaded machine still answers /ok in time
    settings.LINK_CHECK_HOST_INTERVAL = 0.0
    settings.LINK_CHECK_CONCURRENCY = 4


def _link(url: str) -> ExternalLink:
    return ExternalLink.objects.get(url=url)


def test_owner_link_check_outcomes_against_a_real_server(server, fast_checks):
    for path, expected, status in [
        ("/ok", ExternalLink.OK, 200),
        ("/moved", ExternalLink.REDIRECT, 200),
        ("/missing", ExternalLink.BROKEN, 404),
        ("/error", ExternalLink.BROKEN, 500),
        ("/no-head", ExternalLink.OK, 200),
    ]:
        result = linkcheck.check_url(server.url + path)
        assert (result.outcome, result.status_code) == (expected, status), path
    assert linkcheck.check_url(server.url + "/moved").final_url == server.url + "/ok"
    timed_out = linkcheck.check_url(server.url + "/slow")
    assert timed_out.outcome == ExternalLink.TIMEOUT
    methods = [(method, path) for _t, method, path in server.log]
    assert ("HEAD", "/no-head") in methods and ("GET", "/no-head") in methods
    assert ("GET", "/ok") not in methods  # HEAD was enough


def test_owner_link_check_unreachable_host_is_recorded(fast_checks):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    assert linkcheck.check_url(f"http://127.0.0.1:{port}/").outcome == ExternalLink.ERROR


def test_owner_link_check_never_fetches_private_addresses_by_default(server, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    assert linkcheck.check_url(server.url + "/ok").outcome == ExternalLink.SKIPPED
    assert server.log == []


def test_owner_link_check_is_polite_per_host(db, server, settings, fast_checks):
    settings.LINK_CHECK_HOST_INTERVAL = 0.3
    links = [
        ExternalLink.objects.create(url=f"{server.url}/ok?{n}", url_hash=f"h{n}", host="127.0.0.1")
        for n in range(3)
    ]
    counts = linkcheck.check_links(links)
    assert counts == {ExternalLink.OK: 3}
    times = sorted(t for t, _method, _path in server.log)
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.29 for gap in gaps), gaps
    assert server.peak == 1


def test_owner_link_check_limits_concurrency(db, server, settings, fast_checks):
    """Two "hosts" (127.0.0.1 and localhost) and one worker: never two requests at once."""
    settings.LINK_CHECK_CONCURRENCY = 1
    port = server.url.rsplit(":", 1)[1]
    links = []
    for n, host in enumerate(["127.0.0.1", "localhost"] * 2):
        url = f"http://{host}:{port}/pause?{n}"
        links.append(ExternalLink.objects.create(url=url, url_hash=f"c{n}", host=host))
    linkcheck.check_links(links)
    assert server.peak == 1
    settings.LINK_CHECK_CONCURRENCY = 2
    ExternalLink.objects.update(checked_at=None)
    linkcheck.check_links(list(ExternalLink.objects.all()))
    assert server.peak == 2


def test_owner_links_are_collected_from_register_and_editorial_content(world):
    ServicePage.objects.filter(pk=world.complete.pk).update(
        introduction='<p>Skat. <a href="https://info.example/a?x=1&amp;y=2">šeit</a> un '
        '<a linktype="page" id="3">iekšēju lapu</a>, <a href="mailto:a@b.lv">pasts</a>.</p>'
    )
    collect_links([world.complete.pk, world.owner_org.pk])
    found = set(
        PageLink.objects.filter(page_id=world.complete.pk).values_list("link__url", "source")
    )
    assert found == {
        ("https://e.example/pieteikt", PageLink.E_SERVICE),
        ("https://likumi.example/123", PageLink.LEGAL),
        ("https://info.example/a?x=1&y=2", PageLink.EDITORIAL),
    }
    homepage = PageLink.objects.get(page_id=world.owner_org.pk)
    assert (homepage.link.url, homepage.source) == ("https://owner.example/", PageLink.HOMEPAGE)
    ServicePage.objects.filter(pk=world.complete.pk).update(introduction="", legal_resources=[])
    collect_links([world.complete.pk])
    assert PageLink.objects.filter(page_id=world.complete.pk).count() == 1


def test_owner_links_in_editorial_streamfield_are_collected(world):
    page = ServicePage.objects.get(pk=world.no_cost.pk)
    page.body = [("rich_text", '<p><a href="https://stream.example/x">x</a></p>')]
    page.save()
    collect_links([page.pk])
    assert PageLink.objects.filter(
        page_id=page.pk, link__url="https://stream.example/x", source=PageLink.EDITORIAL
    ).exists()


def test_owner_link_check_task_records_broken_and_redirected_links_per_page(
    client, world, server, fast_checks
):
    ServicePage.objects.filter(pk=world.no_cost.pk).update(
        channels=[{"type": "e-service", "url": server.url + "/missing"}],
        legal_resources=[{"title": "Likums", "url": server.url + "/moved"}],
    )
    InstitutionPage.objects.filter(pk=world.owner_org.pk).update(website=server.url + "/error")
    collect_links(None)
    ExternalLink.objects.exclude(url__startswith=server.url).update(
        outcome=ExternalLink.OK, checked_at="2999-01-01T00:00:00Z"
    )
    result = check_links_task.enqueue()
    assert result.return_value == {"broken": 2, "redirect": 1}
    health = ServiceHealth.objects.get(identifier="PAK-OWN-2")
    assert (health.links_broken, health.links_redirected, health.links_checked) == (1, 1, 2)
    client.force_login(world.owner)
    body = client.get("/admin/owners/services/PAK-OWN-2/").content.decode()
    assert server.url + "/missing" in body and "404" in body
    assert server.url + "/ok" in body  # where the redirect leads
    # A second run right away has nothing due.
    assert run_link_check() == {}
