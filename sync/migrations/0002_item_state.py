"""Closure hashes move from one JSON value per source to one row per item (``ItemState``).

The existing JSON is carried over, so the first re-sync after the upgrade still skips every
unchanged item and still checks the fingerprints stored by the last run. The reverse rebuilds
the JSON.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def _rows(state: Any, value: dict, model: Any) -> list:
    rows = []
    for iri, entry in value.items():
        entry = [entry] if isinstance(entry, str) else entry
        if not isinstance(iri, str) or len(iri) > 1000 or not isinstance(entry, list) or not entry:
            continue
        raw, content, live, fingerprint = [*entry, None, None, None][:4]
        if not isinstance(raw, str) or not raw or len(raw) > 64:
            continue
        rows.append(
            model(
                source=state,
                iri=iri,
                raw_hash=raw,
                content_hash=content if isinstance(content, str) and len(content) <= 64 else None,
                live=live if isinstance(live, bool) else None,
                fingerprint=fingerprint if isinstance(fingerprint, str) and len(fingerprint) <= 64 else "",
            )
        )
    return rows


def forward(apps: Any, schema_editor: Any) -> None:
    SourceState = apps.get_model("sync", "SourceState")
    ItemState = apps.get_model("sync", "ItemState")
    for pk in SourceState.objects.values_list("pk", flat=True):
        state = SourceState.objects.get(pk=pk)  # one source's JSON at a time
        ItemState.objects.bulk_create(
            _rows(state, state.closure_hashes or {}, ItemState), batch_size=BATCH
        )


def backward(apps: Any, schema_editor: Any) -> None:
    SourceState = apps.get_model("sync", "SourceState")
    ItemState = apps.get_model("sync", "ItemState")
    for state in SourceState.objects.all():
        value = {}
        for iri, raw, content, live, fingerprint in (
            ItemState.objects.filter(source=state)
            .values_list("iri", "raw_hash", "content_hash", "live", "fingerprint")
            .iterator(chunk_size=BATCH)
        ):
            value[iri] = [raw, content, live, *([fingerprint] if fingerprint else [])]
        state.closure_hashes = value
        state.save(update_fields=["closure_hashes"])


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ItemState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("iri", models.CharField(max_length=1000)),
                ("raw_hash", models.CharField(max_length=64)),
                ("content_hash", models.CharField(blank=True, max_length=64, null=True)),
                ("live", models.BooleanField(null=True)),
                ("fingerprint", models.CharField(blank=True, max_length=64)),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="sync.sourcestate",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("source", "iri"), name="sync_item_state_unique")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(
            model_name="sourcestate",
            name="closure_hashes",
        ),
    ]
