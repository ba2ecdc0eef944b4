"""Every kind of bad input ends in a clear message and loses nothing.

docs/architecture.md, sync rules 4 and 5.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from catalogue_pages.models import ServicePage
from sync.models import SyncItemError, SyncLock, SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync, write_doc

pytestmark = pytest.mark.django_db


def _live_lv() -> int:
    return ServicePage.objects.filter(locale__language_code="lv", live=True).count()


@pytest.fixture
def synced(site_tree, settings):
    settings.REGISTER_TIMEOUT = 1.0
    sync(DEMO_SNAPSHOT)
    return _live_lv()


def _aborts(source, *args, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        sync(source, *args)
    assert SyncRun.objects.first().status == SyncRun.ABORTED


def test_unreachable_url(synced):
    _aborts("http://127.0.0.1:9/snapshot.jsonld", match="cannot be reached")
    assert _live_lv() == synced


def test_http_500_after_retries(synced, register):
    register.fail_next(status=500, times=10)
    _aborts(register.url + "/snapshot.jsonld", match="HTTP 500")
    assert register.count("/snapshot") == 4  # first try + 3 retries
    assert _live_lv() == synced


def test_transient_503_is_retried(synced, register):
    register.fail_next(status=503, times=2)
    lines = sync(register.url + "/snapshot.jsonld")
    assert lines[-1].startswith("created=0 updated=0")


def test_timeout(synced, register):
    register.delay_next(3, times=10)
    _aborts(register.url + "/snapshot.jsonld", match="did not answer within")
    assert _live_lv() == synced


def test_truncated_response(synced, register):
    register.truncate_next(times=10)
    _aborts(register.url + "/snapshot.jsonld", match="incomplete")
    assert _live_lv() == synced


def test_invalid_json(synced, tmp_path):
    path = write_doc(tmp_path, DEMO_SNAPSHOT.read_text()[:5000])
    _aborts(path, match="not valid JSON")
    assert _live_lv() == synced


def test_truncated_json_over_http(synced, register):
    register.set_snapshot(DEMO_SNAPSHOT.read_bytes()[:3000])
    _aborts(register.url + "/snapshot.jsonld", match="not valid JSON")


def test_jsonld_that_is_not_cpsv_ap(synced, tmp_path):
    path = write_doc(
        tmp_path,
        {
            "@context": {"schema": "http://schema.org/"},
            "@id": "http://x.example/p",
            "@type": "schema:Person",
            "schema:name": "X",
        },
    )
    _aborts(path, match="no CPSV-AP public service")
    assert _live_lv() == synced


def test_unknown_remote_context_is_refused(synced, tmp_path):
    path = write_doc(
        tmp_path, {"@context": "https://example.org/other-context.jsonld", "@id": "http://x/1"}
    )
    _aborts(path, match="remote JSON-LD context")


def test_missing_source_file(synced, tmp_path):
    _aborts(tmp_path / "nope.jsonld", match="does not exist")


def test_snapshot_missing_most_services_is_refused_then_forced(synced, tmp_path, demo_doc):
    doc = copy.deepcopy(demo_doc)
    services = services_of(doc)
    keep = {s["@id"] for s in services[: len(services) // 3]}
    doc["@graph"] = [
        n for n in doc["@graph"] if n.get("@type") != "cpsv:PublicService" or n["@id"] in keep
    ]
    path = write_doc(tmp_path, doc)
    _aborts(path, match="would withdraw")
    assert _live_lv() == synced
    live_before = set(
        ServicePage.objects.filter(locale__language_code="lv", live=True).values_list(
            "register_iri", flat=True
        )
    )
    lines = sync(path, "--force")
    withdrawn = len(live_before - keep)
    assert lines[-1].endswith(f"withdrawn={withdrawn} skipped=0")
    gone = ServicePage.objects.filter(locale__language_code="lv", live=False)
    assert gone.count() >= withdrawn
    assert all(p.withdrawn_at for p in gone)
    assert ServicePage.objects.filter(locale__language_code="lv").count() == len(
        services
    )  # none deleted


def test_one_missing_service_is_withdrawn_and_restored(synced, tmp_path, demo_doc):
    doc = copy.deepcopy(demo_doc)
    gone_iri = services_of(doc)[0]["@id"]
    doc["@graph"] = [n for n in doc["@graph"] if n["@id"] != gone_iri]
    lines = sync(write_doc(tmp_path, doc))
    assert lines[-1].endswith("withdrawn=1 skipped=0")
    page = ServicePage.objects.get(register_iri=gone_iri, locale__language_code="lv")
    assert not page.live and page.withdrawn_at is not None
    lines = sync(DEMO_SNAPSHOT)
    page.refresh_from_db()
    assert page.live and page.withdrawn_at is None
    assert "updated=1" in lines[-1]


def _bad_items_doc(demo_doc) -> dict:
    doc = copy.deepcopy(demo_doc)
    s = services_of(doc)
    del s[0]["dct:identifier"]  # no identifier
    s[1]["dct:title"] = []  # no title in any language
    s[2]["dct:identifier"] = s[3]["dct:identifier"]  # duplicate identifiers
    s[4]["dct:description"] = [{"@language": "lv", "@value": "x" * 2_000_000}]  # 2 MB
    s[5]["dct:description"] = [
        {"@language": "lv", "@value": "Teksts <script>alert('x')</script><b>treknrakstā</b>"}
    ]
    s[6]["dct:title"] = [
        {"@language": "lv", "@value": "Nosaukums"},
        {"@language": "zz-!!", "@value": "???"},
    ]
    return doc


def test_bad_items_are_skipped_and_the_rest_go_in(site_tree, tmp_path, demo_doc):
    doc = _bad_items_doc(demo_doc)
    s = services_of(doc)
    lines = sync(write_doc(tmp_path, doc))
    total = len(s)
    assert lines[-1].startswith(f"created={total - 6} updated=0 unchanged=0 withdrawn=")
    assert lines[-1].endswith(" skipped=6")
    text = "\n".join(lines)
    assert "has no dct:identifier" in text
    assert "no title in any language" in text
    assert "used by more than one" in text
    assert "2,000,000 characters" in text
    codes = set(SyncItemError.objects.values_list("code", flat=True))
    assert {
        "no-identifier",
        "no-title",
        "duplicate-identifier",
        "text-too-long",
        "markup-removed",
    } <= codes
    page = ServicePage.objects.get(identifier=s[5]["dct:identifier"], locale__language_code="lv")
    assert "<" not in page.summary and "alert" not in page.summary and "treknrakstā" in page.summary
    assert "cannot be read" in text and "zz-!!" in text  # an invalid language tag: that item only


def test_bad_item_does_not_withdraw_its_published_page(synced, tmp_path, demo_doc):
    doc = copy.deepcopy(demo_doc)
    s = services_of(doc)
    s[4]["dct:description"] = [{"@language": "lv", "@value": "x" * 2_000_000}]
    lines = sync(write_doc(tmp_path, doc))
    assert lines[-1].endswith("withdrawn=0 skipped=1")
    assert ServicePage.objects.get(
        identifier=s[4]["dct:identifier"], locale__language_code="lv"
    ).live


def test_lock_held_aborts(synced):
    now = timezone.now()
    SyncLock.objects.create(
        name="register-sync",
        token="t",
        holder="other-host:1",
        acquired_at=now,
        expires_at=now + timedelta(hours=1),
    )
    _aborts(DEMO_SNAPSHOT, match="Another sync is running")


def test_stale_lock_is_taken_over(synced):
    past = timezone.now() - timedelta(hours=5)
    SyncLock.objects.create(
        name="register-sync",
        token="t",
        holder="dead:1",
        acquired_at=past,
        expires_at=past + timedelta(hours=1),
    )
    assert sync(DEMO_SNAPSHOT)[-1].startswith("created=0")
    assert not SyncLock.objects.exists()


def test_crash_mid_write_leaves_nothing_half_written(site_tree, tmp_path, demo_doc, monkeypatch):
    """Fault injection: the event writer fails after services were written in the same run."""
    sync(DEMO_SNAPSHOT)
    doc = copy.deepcopy(demo_doc)
    first = services_of(doc)[0]
    first["dct:title"] = [
        {"@language": "lv", "@value": "Jauns nosaukums"},
        {"@language": "en", "@value": "New"},
    ]
    from sync import runner

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(runner.Runner, "_save_state", boom)
    with pytest.raises(RuntimeError):
        sync(write_doc(tmp_path, doc))
    page = ServicePage.objects.get(identifier=first["dct:identifier"], locale__language_code="lv")
    assert page.title != "Jauns nosaukums"
    assert SyncRun.objects.first().status == SyncRun.ABORTED
    assert not SyncLock.objects.exists()


def test_dry_run_changes_nothing_and_prints_the_diff(site_tree, tmp_path):
    lines = sync(DEMO_SNAPSHOT, "--dry-run")
    assert ServicePage.objects.count() == 0
    assert any(line.strip().startswith("create") and "PAK-0001" in line for line in lines)
    assert lines[-1].startswith("created=")
    assert json.loads(json.dumps(SyncRun.objects.first().diff))
