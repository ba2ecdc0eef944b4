"""The sync in each page's history: "Valsts pakalpojumu reģistrs" published it, with the fields.

``sync.write`` bypasses Wagtail's publish, which is where Wagtail writes its log entries, so
without this the history (``/admin/pages/<id>/history/``) showed none of the register's
changes. Each page a run created or changed gets one ``sync.publish`` entry, dated when the run
wrote it, by the register's own user (an inactive account nobody can sign in with, so the
history's user filter can pick it), naming the register fields that changed; the run's revision
is attributed to the same user. The page's "Updated" time is the run's, even when an editor's
draft keeps an older latest revision (``sync.publication`` dates the register's revision just
before such a draft, which Wagtail's concurrent-editing check needs, but which read as if the
register had changed the page earlier than it did).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

ACTION = "sync.publish"
ACTOR_USERNAME = "valsts-pakalpojumu-registrs"
ACTOR_NAME = "Valsts pakalpojumu reģistrs"


def register_actor() -> AbstractBaseUser:
    """The register as a user: inactive, no usable password, named for the history."""
    model = get_user_model()
    user, created = model._default_manager.get_or_create(
        **{model.USERNAME_FIELD: ACTOR_USERNAME},
        defaults={"first_name": ACTOR_NAME, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def record(
    written: dict[type[Page], list[int]],
    fields_by_pk: dict[int, list[str]],
    withdrawn: list[int],
) -> int:
    """One history entry per page written or withdrawn; returns how many were written."""
    when = timezone.now()
    ids = sorted({pk for pks in written.values() for pk in pks} | set(withdrawn))
    if not ids:
        return 0
    actor = register_actor()
    rows = list(
        Page._base_manager.filter(pk__in=ids).values_list(
            "pk", "title", "live", "live_revision_id", "latest_revision_id", "content_type_id"
        )
    )
    revisions = {pk: (live_rev if live else latest) for pk, _t, live, live_rev, latest, _c in rows}
    # Only the run's own revisions are nameless; an editor's draft keeps its author.
    Revision.objects.filter(pk__in=[r for r in revisions.values() if r], user__isnull=True).update(
        user=actor
    )
    page_type = ContentType.objects.get_for_model(Page)
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page_id=pk,
                content_type_id=content_type or page_type.pk,
                label=title[:255],
                action=ACTION,
                user=actor,
                timestamp=when,
                revision_id=revisions.get(pk),
                data={"fields": fields_by_pk.get(pk, []), "live": live},
            )
            for pk, title, live, _live_rev, _latest, content_type in rows
        ],
        batch_size=500,
    )
    Page._base_manager.filter(pk__in=ids).update(latest_revision_created_at=when)
    return len(rows)
