"""A run on an unchanged register still checks the pages and repairs what differs (issue 21,
item 4): the register always wins, whoever else wrote the pages."""

from __future__ import annotations

import copy

import pytest

from catalogue_pages.models import ServicePage
from sync import verify
from sync.models import ItemState, SyncRun
from tests.sync.conftest import services_of, sync, write_doc

pytestmark = pytest.mark.django_db


def _lv(identifier: str) -> ServicePage:
    return ServicePage.objects.get(identifier=identifier, locale__language_code="lv")


def _services(doc: dict, n: int) -> list[dict]:
    active = [s for s in services_of(doc) if s["adms:status"]["@id"].endswith("/active")]
    return active[:n]


def _description(node: dict, lang: str = "lv") -> str:
    return next(d["@value"] for d in node["dct:description"] if d.get("@language") == lang)


def test_an_unchanged_register_counts_the_pages_it_really_checked(site_tree, register):
    url = register.url + "/snapshot.jsonld"
    sync(url)
    lines = sync(url)
    run = SyncRun.objects.latest("started_at")
    total = ServicePage.objects.filter(locale__language_code="lv").count()
    assert run.status == SyncRun.NOT_MODIFIED
    assert run.unchanged == total
    assert f"{total} services checked against what it wrote, 0 repaired" in run.message
    assert lines[-1] == f"created=0 updated=0 unchanged={total} withdrawn=0 skipped=0"


def test_run_now_after_a_second_source_repairs_the_pages_it_changed(
    site_tree, register, demo_doc, tmp_path
):
    url = register.url + "/snapshot.jsonld"
    sync(url)
    other = copy.deepcopy(demo_doc)
    targets = _services(other, 2)
    originals = {s["dct:identifier"]: _description(s) for s in targets}
    for node in targets:
        for text in node["dct:description"]:
            text["@value"] = "Cita avota apraksts."
    sync(str(write_doc(tmp_path, other, "other-source.jsonld")), "--force")
    assert all(_lv(key).summary == "Cita avota apraksts." for key in originals)

    register.reset_counts()
    lines = sync(url)  # the register answers 304: nothing changed there
    for key, text in originals.items():
        assert _lv(key).summary == text
    run = SyncRun.objects.latest("started_at")
    total = ServicePage.objects.filter(locale__language_code="lv").count()
    assert f"but 2 of {total} services checked differed" in run.message
    assert lines[-1].startswith("created=0 updated=2 ")
    assert sync(url)[-1].startswith("created=0 updated=0 ")  # and then all is quiet


@pytest.mark.parametrize("conditional", [True, False], ids=["url-304", "file"])
def test_a_register_field_changed_behind_the_syncs_back_is_repaired(
    site_tree, register, demo_doc, tmp_path, conditional
):
    source = (
        register.url + "/snapshot.jsonld"
        if conditional
        else str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    )
    sync(source)
    (target,) = _services(demo_doc, 1)
    key = target["dct:identifier"]
    ServicePage.objects.filter(identifier=key).update(summary="Ne no reģistra.")
    lines = sync(source)
    assert _lv(key).summary == _description(target)
    assert lines[-1].startswith("created=0 updated=1 ")


def test_fingerprints_do_not_depend_on_the_batch_they_were_read_in(
    site_tree, demo_doc, tmp_path, monkeypatch
):
    """The register columns are digested batch by batch (only one batch's rows held): a
    service's fingerprint is the same in a batch of one as in one batch of all."""
    from sync import verify

    sync(str(write_doc(tmp_path, demo_doc, "snapshot.jsonld")))
    iris = list(
        ServicePage.objects.filter(locale__language_code="lv").values_list(
            "register_iri", flat=True
        )
    )
    whole = verify.fingerprints(iris)
    assert len(whole) == len(iris) > 2
    monkeypatch.setattr(verify, "BATCH", 1)
    assert verify.fingerprints(iris) == whole


def test_a_json_register_column_changed_behind_the_syncs_back_is_repaired(
    site_tree, demo_doc, tmp_path
):
    """The fingerprint digests the JSON columns as the database's text: a change inside one
    (a channel's address) is caught like a change of a plain column."""
    source = str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    sync(source)
    (target,) = _services(demo_doc, 1)
    key = target["dct:identifier"]
    page = _lv(key)
    original = page.channels
    assert original
    changed = [{**original[0], "url": "https://example.org/ne-no-registra"}, *original[1:]]
    ServicePage.objects.filter(pk=page.pk).update(channels=changed)
    lines = sync(source)
    assert _lv(key).channels == original
    assert lines[-1].startswith("created=0 updated=1 ")


def test_fingerprints_of_the_older_format_are_checked_then_replaced(site_tree, demo_doc, tmp_path):
    """After an upgrade the stored fingerprints are of the older format: the first run checks
    the pages against them (no page rewritten for the upgrade, a change behind the sync's
    back still repaired) and stores the current format."""
    source = str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    sync(source)
    states = ItemState.objects.exclude(fingerprint="")
    older = verify.legacy_fingerprints(states.values_list("iri", flat=True))
    assert older
    for row in states:
        row.fingerprint = older[row.iri]
        row.save(update_fields=["fingerprint"])
    (target,) = _services(demo_doc, 1)
    key = target["dct:identifier"]
    ServicePage.objects.filter(identifier=key).update(summary="Ne no reģistra.")

    lines = sync(source)

    assert lines[-1].startswith("created=0 updated=1 ")  # the one changed behind its back
    assert _lv(key).summary == _description(target)
    stored = list(ItemState.objects.exclude(fingerprint="").values_list("fingerprint", flat=True))
    assert stored and all(f.startswith(verify.FORMAT) for f in stored)
    assert sync(source)[-1].startswith("created=0 updated=0 ")


def test_a_fingerprint_does_not_depend_on_how_the_driver_spells_a_time_zone(
    site_tree, demo_doc, tmp_path, monkeypatch
):
    """The same instant with another tzinfo class (``datetime.timezone.utc`` or
    ``zoneinfo.ZoneInfo("UTC")``, as drivers differ) gives the same fingerprint: an upgrade
    must not make every page look written behind the sync's back."""
    import datetime
    import zoneinfo

    from django.db.models.query import ValuesListIterable

    sync(str(write_doc(tmp_path, demo_doc, "snapshot.jsonld")))
    iris = list(
        ServicePage.objects.exclude(register_modified=None).values_list("register_iri", flat=True)
    )[:5]
    assert iris
    before = verify.fingerprints(iris)
    rows = ValuesListIterable.__iter__

    def other_zone(self):  # type: ignore[no-untyped-def]
        for row in rows(self):
            yield tuple(
                value.astimezone(zoneinfo.ZoneInfo("UTC"))
                if isinstance(value, datetime.datetime)
                else value
                for value in row
            )

    monkeypatch.setattr(ValuesListIterable, "__iter__", other_zone)
    assert verify.fingerprints(iris) == before
