"""Index lifecycle: client, versioned indices behind an alias, bulk (re)indexing, deletes.

Why an alias: ``search_reindex`` builds ``<prefix>services-v5-<timestamp>`` next to the live
index and swaps the alias in one atomic ``_aliases`` call, so queries never see a half-built
or missing index. Incremental updates (publish, unpublish, sync) write through the alias.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch
from elasticsearch import Elasticsearch, NotFoundError, helpers

from catalogue_pages.audiences import AUDIENCE_FIELDS
from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.register_fields import INDEXED_LISTS
from search import result_cache
from search.analysis import index_settings
from search.documents import Related, ServiceDocument, mapping
from search.queries import AutocompleteQuery, SearchParams, ServiceQuery

logger = logging.getLogger(__name__)

#: Bump when the mapping or analysis changes incompatibly (part of every index name).
INDEX_VERSION = "v5"  # v5: title_order (Latvian alphabetical order of titles)
BULK_CHUNK = 500

_clients: dict[tuple[Any, ...], Elasticsearch] = {}


def is_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def nodes() -> list[str]:
    """The configured node URLs: ``ELASTICSEARCH_URL`` may list several, comma-separated."""
    return [
        url.strip().rstrip("/")
        for url in (settings.ELASTICSEARCH_URL or "").split(",")
        if url.strip()
    ]


def client_options() -> dict[str, Any]:
    """Credentials and TLS for the cluster: API key or basic auth, CA certificate file."""
    options: dict[str, Any] = {}
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (
            settings.ELASTICSEARCH_USERNAME,
            settings.ELASTICSEARCH_PASSWORD or "",
        )
    if settings.ELASTICSEARCH_CA_CERTS:
        options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    return options


def get_client(timeout: float | None = None) -> Elasticsearch:
    """A cached client for the configured nodes: short timeout (fail fast, fall back).

    With one node there are no retries: a failure means the database fallback at once. With
    several, a request that cannot reach one node is retried on the next (the dead one is
    left out of the pool for a while), so losing a node never degrades search.
    """
    hosts = nodes()
    if not hosts:
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    timeout = float(timeout if timeout is not None else settings.ELASTICSEARCH_TIMEOUT)
    options = client_options()
    key = (",".join(hosts), timeout, tuple(sorted((k, str(v)) for k, v in options.items())))
    client = _clients.get(key)
    if client is None:
        client = Elasticsearch(
            hosts,
            request_timeout=timeout,
            max_retries=len(hosts) - 1,
            retry_on_timeout=False,
            **options,
        )
        _clients[key] = client
    return client


def bulk_client() -> Elasticsearch:
    """Indexing may legitimately take longer than a user-facing query."""
    return get_client(timeout=max(30.0, float(settings.ELASTICSEARCH_TIMEOUT)))


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}services"


def new_index_name() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name()}-{INDEX_VERSION}-{stamp}"


def create_index(name: str, stemmer: str | None = None, replicas: int | None = None) -> None:
    """Create an index with the service mapping; ``replicas`` overrides the configured count."""
    index = index_settings(stemmer)
    if replicas is not None:
        index["number_of_replicas"] = replicas
    bulk_client().indices.create(index=name, settings=index, mappings=mapping())


def indexable_pages() -> Any:
    """Live, not withdrawn service pages with everything the document needs, in few queries."""
    return (
        ServicePage.objects.live()
        .filter(withdrawn_at__isnull=True)
        .select_related("competent_authority", "locale")
        .prefetch_related(
            "topics",
            Prefetch(
                "life_situations", queryset=LifeSituationPage.objects.only("id", "title", "live")
            ),
        )
        .order_by("pk")
    )


def indexable_guides() -> Any:
    """Live life-situation guides, with their services' titles in one more query."""
    return (
        LifeSituationPage.objects.live()
        .select_related("locale")
        .prefetch_related(
            Prefetch("services", queryset=ServicePage.objects.only("id", "title", "live"))
        )
        .order_by("pk")
    )


def _actions(
    pages: Iterable[ServicePage | LifeSituationPage | tuple[ServicePage, Related]], index: str
) -> Iterator[dict[str, Any]]:
    for item in pages:
        if isinstance(item, tuple):
            page, source = item[0], ServiceDocument.page_source(*item)
        elif isinstance(item, LifeSituationPage):
            page, source = item, ServiceDocument.from_guide(item).to_dict(skip_empty=False)
        else:
            page, source = item, ServiceDocument.page_source(item)
        yield {"_index": index, "_id": page.pk, "_source": source}


def _chunked(qs: Any, size: int) -> Iterator[list[Any]]:
    """Read a queryset in primary-key pages so prefetches stay bounded.

    Why: a reindex holds one page of rows (and their prefetched topics, guides or services)
    at a time, so its memory is flat in the catalogue's size; services and guides alike."""
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _related(pages: list[ServicePage]) -> Iterator[tuple[ServicePage, Related]]:
    """A chunk of services with their topic names and live guide titles, in two flat reads,
    and their authority's title (the ``authority_title`` that ``catalogue_pages`` annotates: one
    join in the chunk's read, no institution page object per service).

    Why not ``prefetch_related``: it builds a page object (Wagtail's and modelcluster's
    ``__init__``) for every guide of every service and a queryset per relation read — a third
    of a full reindex's Python time for two short lists of strings (docs/benchmarks.md).
    ``test_reindex_chunks`` pins that both paths give the same documents.
    """
    ids = [page.pk for page in pages]
    topics: dict[int, set[tuple[str, str]]] = defaultdict(set)
    topic_links = ServicePage.topics.through.objects.filter(servicepage_id__in=ids)
    for page_id, name_lv, name_en in topic_links.values_list(
        "servicepage_id", "topic__name_lv", "topic__name_en"
    ):
        topics[page_id].add((name_lv, name_en))
    guides: dict[int, set[str]] = defaultdict(set)
    guide_links = LifeSituationPage.services.through.objects.filter(
        servicepage_id__in=ids, lifesituationpage__live=True
    )
    for page_id, title in guide_links.values_list("servicepage_id", "lifesituationpage__title"):
        guides[page_id].add(title)
    for page in pages:
        english = page.locale.language_code == "en"
        names = {(en if english and en else lv) for lv, en in topics[page.pk]}
        yield (
            page,
            Related(
                topics=sorted(names),
                life_situations=sorted(guides[page.pk]),
                institution=page.authority_title or None,
            ),
        )


#: The columns of a service row a document reads (``ServiceDocument.page_source``). Why not
#: the whole row: a service page carries every register list (legal resources, contact
#: points, events…) and Wagtail's page columns; reading, decoding and holding them for a
#: reindex that indexes five of the lists was wasted work (docs/benchmarks.md). A column
#: missing here is read back one query per page: ``test_reindex_chunks`` counts the queries.
SERVICE_COLUMNS = (
    "title",
    "url_path",
    "identifier",
    "keywords",
    "summary",
    "introduction",
    *INDEXED_LISTS,
    *AUDIENCE_FIELDS.values(),
    "is_free",
    "is_online",
    "register_modified",
    "last_published_at",
    "locale__language_code",
)


def catalogue_pages() -> Iterator[tuple[ServicePage, Related] | LifeSituationPage]:
    """Every page a full reindex writes: services, then guides, ``BULK_CHUNK`` rows a time."""
    services = (
        indexable_pages()
        .prefetch_related(None)
        .select_related(None)
        .select_related("locale")
        .only(*SERVICE_COLUMNS)
        .annotate(authority_title=F("competent_authority__title"))
    )
    for chunk in _chunked(services, BULK_CHUNK):
        yield from _related(chunk)
    for guides in _chunked(indexable_guides(), BULK_CHUNK):
        yield from guides


def ensure_alias() -> str:
    """Create a first index behind the alias if none exists; return the alias."""
    client = bulk_client()
    alias = alias_name()
    if not client.indices.exists_alias(name=alias):
        name = new_index_name()
        create_index(name)
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
        result_cache.index_written()
    return alias


#: Bulk requests a rebuild keeps in flight while the next chunk's documents are built.
IN_FLIGHT = 2

#: Index settings while a fresh index is filled, and the ones it goes live with. Why: no
#: replica copies each document as it is written (a replica is filled afterwards by copying
#: finished segments, far cheaper than indexing every document twice), no refresh builds
#: searchable segments nobody reads yet, and the translog is fsynced in the background (a
#: crash mid-build loses only an index that was never live: the rebuild is run again).
BUILD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
LIVE_SETTINGS = {"refresh_interval": "1s", "translog.durability": "request"}
#: How long a rebuild waits for its replicas before the swap (copying segments between two
#: nodes of the bench took seconds at 100,000 services; docs/benchmarks.md).
REPLICA_WAIT_SECONDS = 120


def _chunks(actions: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(actions)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _bulk_overlapped(
    client: Elasticsearch, actions: Iterable[dict[str, Any]]
) -> tuple[int, list[Any]]:
    """Send the actions in chunks from a worker thread while this thread builds the next ones.

    Why: a reindex is two costs of about the same size, Python building documents from the
    database and Elasticsearch analysing them (docs/benchmarks.md); one after the other they
    add up, side by side on two cores the slower one is the whole. The database is read only
    here, in the caller's thread (its connection, its transaction); the worker only sends.
    At most ``IN_FLIGHT`` chunks wait, so memory stays flat in the catalogue's size.
    """
    ok, errors = 0, []
    pending: deque[Future[tuple[int, Any]]] = deque()

    def collect(future: Future[tuple[int, Any]]) -> None:
        nonlocal ok
        done, failed = future.result()
        ok += done
        errors.extend(failed if isinstance(failed, list) else [])

    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="reindex") as pool:
        for chunk in _chunks(actions, BULK_CHUNK):
            while len(pending) >= IN_FLIGHT:
                collect(pending.popleft())
            pending.append(
                pool.submit(
                    helpers.bulk, client, chunk, chunk_size=BULK_CHUNK, raise_on_error=False
                )
            )
        while pending:
            collect(pending.popleft())
    return ok, errors


def _replicas_ready(client: Elasticsearch, index: str) -> None:
    """Wait (bounded) for the replicas a fresh index was given after its build.

    A cluster with fewer data nodes than copies never gets there (a single development
    node with one replica configured): it is not waited for. The alias may go live on the
    primaries alone; the wait only keeps the swap from running ahead of the copies.
    """
    replicas = settings.ELASTICSEARCH_REPLICAS
    if not replicas:
        return
    data_nodes = client.cluster.health()["number_of_data_nodes"]
    if data_nodes <= replicas:
        return
    health = client.options(request_timeout=REPLICA_WAIT_SECONDS + 10).cluster.health(
        index=index, wait_for_status="green", timeout=f"{REPLICA_WAIT_SECONDS}s"
    )
    if health.get("timed_out"):
        logger.warning("search reindex: replicas of %s not ready; going live on primaries", index)


def rebuild(stemmer: str | None = None, keep_old: bool = False) -> dict[str, Any]:
    """Build a fresh index from the database, swap the alias atomically, drop old versions."""
    client = bulk_client()
    alias = alias_name()
    started = time.perf_counter()
    name = new_index_name()
    create_index(name, stemmer, replicas=0)
    client.indices.put_settings(index=name, settings=BUILD_SETTINGS)
    ok, errors = _bulk_overlapped(client, _actions(catalogue_pages(), name))
    # Commit the segments, twice, before the replicas are asked for. Why: a new replica is
    # filled from the primary's *safe* commit (one whose operations are all below the global
    # checkpoint) plus a replay of every operation after it. Elasticsearch judges a commit
    # safe only at the next commit, so after the build the safe commit was the empty one
    # the index was created with, and the replica re-analysed every document from the
    # translog: as long as the build itself (docs/benchmarks.md). After the second flush the
    # first is safe and the replica copies its finished segment files (15 MB in 0.6 s).
    client.indices.put_settings(index=name, settings=LIVE_SETTINGS)
    for _ in range(2):
        client.indices.flush(index=name, force=True)
    client.indices.put_settings(
        index=name, settings={"number_of_replicas": settings.ELASTICSEARCH_REPLICAS}
    )
    client.indices.refresh(index=name)
    _replicas_ready(client, name)
    _warm(client, name)
    try:
        old = list(client.indices.get_alias(name=alias).keys())
    except NotFoundError:
        old = []
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": alias}} for i in old]
    actions.append({"add": {"index": name, "alias": alias}})
    if client.indices.exists(index=alias) and not old:
        # A concrete index squats the alias name (legacy): remove it in the same call.
        actions.insert(0, {"remove_index": {"index": alias}})
    client.indices.update_aliases(actions=actions)
    result_cache.index_written()
    deleted = []
    if not keep_old:
        pattern = f"{alias}-{INDEX_VERSION[0]}*"
        for index in client.indices.get(index=pattern, expand_wildcards="all"):
            if index != name:
                client.indices.delete(index=index)
                deleted.append(index)
    return {
        "index": name,
        "indexed": ok,
        "errors": len(errors),
        "deleted": deleted,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _warm(client: Elasticsearch, index: str) -> None:
    """Run representative queries on the new index before it goes live.

    Why: the first searches on a fresh index load terms, norms and global ordinals for the
    facets and can take over a second, more than the user-facing timeout; paying that here
    keeps the swap invisible to users.
    """
    for language in ("lv", "en"):
        body = ServiceQuery(SearchParams(query="pase deklarēšana", language=language)).to_dict()
        client.search(index=index, body=body)
        client.search(index=index, body=AutocompleteQuery("pa", language).to_dict())


def index_pages(page_ids: Iterable[int], refresh: bool = False) -> dict[str, Any]:
    """(Re)index the given pages: live ones are written, others deleted from the index.

    ``failed`` lists the ids the node refused (e.g. a write-blocked index); transport errors
    raise."""
    ids = sorted({int(i) for i in page_ids})
    if not ids:
        return {"indexed": 0, "deleted": 0, "failed": []}
    alias = ensure_alias()
    client = bulk_client()
    live: list[ServicePage | LifeSituationPage] = list(indexable_pages().filter(pk__in=ids))
    live += list(indexable_guides().filter(pk__in=ids))
    live_ids = {p.pk for p in live}
    actions: list[dict[str, Any]] = list(_actions(live, alias))
    gone = [i for i in ids if i not in live_ids]
    actions.extend({"_op_type": "delete", "_index": alias, "_id": i} for i in gone)
    try:
        _ok, errors = helpers.bulk(
            client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, refresh=refresh
        )
    finally:
        result_cache.index_written()  # a bulk that failed half-way may still have written
    failed = sorted(
        {
            int(item["_id"])
            for error in errors
            for op, item in error.items()
            if not (op == "delete" and item.get("status") == 404)  # already gone is fine
        }
    )
    return {
        "indexed": len(live) - len(set(failed) & live_ids),
        "deleted": len(gone),
        "failed": failed,
    }
