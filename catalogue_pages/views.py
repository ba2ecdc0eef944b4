"""Non-page views: CPSV-AP export, feedback, sitemap, robots.txt."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from catalogue_pages import feedback
from catalogue_pages.cpsv_rows import service_graph
from catalogue_pages.models import PageFeedback, ServicePage
from catalogue_pages.sitemap import sitemap_urls
from requestkit import public_urls
from requestkit.numbers import parse_positive_int


def cpsv_ap_export(request: HttpRequest, slug: str) -> HttpResponse:
    """``/<lang>/pakalpojumi/<slug>/cpsv-ap.jsonld``: the service as CPSV-AP 3.2 JSON-LD, the
    same nodes as in the open-data dump and feed (both languages: one export per service)."""
    page = (
        ServicePage.objects.live()
        .filter(locale__language_code=get_language(), slug=slug)
        .select_related("competent_authority", "locale")
        .first()
    )
    graph = service_graph(page) if page is not None else None
    if graph is None:  # not in the published catalogue: restricted, or no public original
        raise Http404
    body = json.dumps(graph, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt  # anonymous, stateless form on cached pages; abuse is limited in feedback.py
@require_POST
def submit_feedback(request: HttpRequest) -> HttpResponse:
    """Store one anonymous answer and redirect back (POST-redirect-GET)."""
    page_id = parse_positive_int(request.POST.get("page", ""))
    if page_id is None:
        return HttpResponseBadRequest(_("The form is incomplete. Please go back and try again."))
    page = Page.objects.live().filter(pk=page_id).only("id", "url_path").first()
    if page is None:
        return HttpResponseBadRequest(_("The page this answer is about no longer exists."))
    back = page.get_url(request) or "/"
    answer = request.POST.get("useful", "")
    # NUL is no text anyone types; PostgreSQL refuses it in a text column (DataError, a 500).
    comment = request.POST.get("comment", "").replace("\x00", "").strip()[:1000]
    status = "thanks"
    if request.POST.get(feedback.HONEYPOT):
        status = "thanks"  # say nothing useful to bots
    elif answer not in ("yes", "no"):
        status = "missing"
    elif feedback.from_another_site(request) or not feedback.check_token(
        request.POST.get("token", ""), page.pk
    ):
        status = "expired"
    elif feedback.over_rate_limit(request):
        status = "limit"
    elif feedback.already_answered(request, page.pk):
        status = "answered"
    else:
        PageFeedback.objects.create(page=page, useful=answer == "yes", comment=comment)
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(f"{back}?feedback={status}#feedback")


@cache_control(max_age=3600)
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page in both languages; a small site needs no sitemap index."""
    return TemplateResponse(
        request,
        "sitemap.xml",
        {"urlset": sitemap_urls(), "all_sites_lastmod": False},
        content_type="application/xml",
    )


# Crawlers get the catalogue, not the endless combinations of search results and filters, nor
# the signed-in parts (admin, institutions' requests).
ROBOTS_DISALLOW = ("/admin/", "/lv/search/", "/en/search/", "/lv/requests/", "/en/requests/")


@cache_control(max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: what search engines should crawl, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {public_urls.absolute('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
