"""Public side: "Report a problem" form, the "Statistika" page and the statistics JSON API.

Every page works without JavaScript. Bad input keeps what was typed and says what to fix;
a forged service identifier is a 404; a bot (honeypot filled) is told "thank you" and nothing
is stored.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from catalogue_pages.models import ServicePage
from service_requests.permissions import remember_in_session, remembered_in_session
from service_requests.ratelimit import check_submission

from . import digest, problems
from .forms import ProblemReportForm
from .models import ServiceHealth
from .publication import display_context, health_for, service_payload


def _form_page(
    request: HttpRequest, service: ServicePage, form: ProblemReportForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "improvement/report_problem.html",
        {"service": service, "form": form, "service_url": service.get_url(request)},
        status=status,
    )


def _fresh_token(form: ProblemReportForm, identifier: str) -> None:
    form.data = form.data.copy()
    form.data["token"] = problems.issue_token(identifier)


def _already_sent(
    request: HttpRequest, service: ServicePage, form: ProblemReportForm, identifier: str
) -> HttpResponse:
    """Someone else's token (copied, or replayed from a shared machine): their reference,
    e-mail and text stay theirs. The form comes back with what this visitor typed, fresh."""
    form.is_valid()
    _fresh_token(form, identifier)
    form.add_error(
        None, _("This form has already been sent once. Check your answers and send it again.")
    )
    return _form_page(request, service, form, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def report_problem(request: HttpRequest, identifier: str) -> HttpResponse:
    """Show and accept the anonymous problem report of one service."""
    service = problems.get_reportable_service(identifier)
    if request.method == "GET":
        form = ProblemReportForm(initial={"token": problems.issue_token(identifier)})
        return _form_page(request, service, form)

    form = ProblemReportForm(request.POST)
    if form.bot_filled_honeypot:
        return redirect(reverse("improvement:problem_done"))
    if check_submission(request).limited:
        form.is_valid()
        _fresh_token(form, identifier)
        form.add_error(None, _("We have received many reports from you. Please try again later."))
        return _form_page(request, service, form, status=429)
    try:
        key = problems.read_token(request.POST.get("token", ""), identifier)
    except problems.TokenProblem as problem:
        if not form.is_valid() and str(problem) == "too-fast":
            # Missing answers come first, with the same token: the time keeps counting from
            # when the form was first shown, so the corrected report is never "too fast".
            return _form_page(request, service, form, status=400)
        _fresh_token(form, identifier)
        if str(problem) == "too-fast":
            message = _("Please check your report once more and send it again.")
        else:
            message = _("The form has expired. Please check your answers and send it again.")
        form.add_error(None, message)
        return _form_page(request, service, form, status=400)
    existing = problems.existing_report(key)
    if existing is not None and not remembered_in_session(request, existing):
        return _already_sent(request, service, form, identifier)
    if existing is None:
        if not form.is_valid():
            return _form_page(request, service, form, status=400)
        existing, created = problems.create_report(
            service,
            key,
            form.request_kind(),
            form.category_label(),
            form.cleaned_data["text"],
            form.cleaned_data["email"],
        )
        if not created and not remembered_in_session(request, existing):
            return _already_sent(request, service, form, identifier)  # lost a race to another
    remember_in_session(request, existing)
    query = urlencode({"r": problems.done_key(existing.reference), "s": identifier})
    return redirect(f"{reverse('improvement:problem_done')}?{query}")


@never_cache
@require_GET
def problem_done(request: HttpRequest) -> HttpResponse:
    """The confirmation: the reference number and a way back to the service."""
    reference = problems.reference_from_done_key(request.GET.get("r", ""))
    identifier = request.GET.get("s", "")[:128]
    # The service in the page's language: the English thank-you page links the English page.
    service = (
        ServicePage.objects.live()
        .filter(identifier=identifier, locale__language_code=request.LANGUAGE_CODE)
        .only("url_path", "title")
        .first()
        if identifier
        else None
    )
    return render(
        request,
        "improvement/problem_done.html",
        {"reference": reference, "service": service},
    )


def _known_health(identifier: str) -> ServiceHealth:
    if not identifier or len(identifier) > 128:
        raise Http404
    health = health_for(identifier)
    if health is None:
        raise Http404
    return health


@require_GET
def service_statistics(request: HttpRequest, identifier: str) -> HttpResponse:
    """The public "Statistika" page of one service (withdrawn services too, marked)."""
    health = _known_health(identifier)
    page = (
        ServicePage.objects.filter(
            identifier=identifier, locale__language_code=request.LANGUAGE_CODE
        )
        .select_related("competent_authority")
        .only("url_path", "title", "live", "competent_authority__title")
        .first()
    )
    context = display_context(health)
    context["service_url"] = page.get_url(request) if page is not None and page.live else ""
    # The stored figures keep the Latvian names; the page shows those of its own language.
    context["title"] = page.title if page is not None else health.title
    authority = page.competent_authority if page is not None else None
    context["institution"] = authority.title if authority is not None else health.institution_name
    context["api_url"] = reverse("improvement_api:service", args=[identifier])
    return render(request, "improvement/service_statistics.html", context)


def _api_not_found(request: HttpRequest) -> JsonResponse:
    """A JSON 404. Why ``request.urlconf``: Django's LocaleMiddleware turns any 404 of an
    unprefixed path into a redirect to ``/lv/…`` when that path resolves (Wagtail's catch-all
    always does); pointing the request at this app's prefix-free URL list tells it no
    language prefix applies, so API clients get the 404 they asked for."""
    request.urlconf = "improvement.urls"
    return JsonResponse({"error": _("Unknown service.")}, status=404)


@require_GET
def api_service_statistics(request: HttpRequest, identifier: str) -> JsonResponse:
    """``/api/statistics/services/<identifier>/``: the aggregates as JSON (see OpenAPI)."""
    health = health_for(identifier) if identifier and len(identifier) <= 128 else None
    if health is None:
        return _api_not_found(request)
    response = JsonResponse(service_payload(health), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def digest_optout(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the weekly digest from the signed link in the e-mail (a POST, so link scanners
    that prefetch e-mail links do not unsubscribe anyone)."""
    user_id = digest.user_from_optout_token(token)
    if user_id is None:
        raise Http404
    done = False
    if request.method == "POST":
        digest.set_preference(user_id, weekly_digest=False)
        done = True
    return render(request, "improvement/digest_optout.html", {"done": done})
