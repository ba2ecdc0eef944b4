"""Public side: the request form, the confirmation/status page, "My requests", files, sign-in.

Every page works without JavaScript; permission checks live in the querysets of
``permissions`` so a foreign request id is simply not found (404).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from requestkit.numbers import parse_int

from . import attachments as files
from .display_names import localize_names
from .forms import RequestForm, issue_token, read_token
from .login_form import InstitutionLoginForm
from .models import InstitutionMembership, PendingSubmission, ServiceRequest
from .permissions import (
    memberships,
    reference_from_key,
    remember_in_session,
    requester_queryset,
    visible_queryset,
)
from .prefill import profile_initial
from .ratelimit import check_submission
from .services import (
    NewRequest,
    create_request,
    fixed_request_kind,
    form_definition,
    get_requestable_service,
    request_channel,
    requires_institution_user,
)

logger = logging.getLogger(__name__)

STASH_MAX_AGE = dt.timedelta(hours=2)
JUST_CREATED = "service_requests_just_created"


def too_many_requests(request: HttpRequest, retry_after: int = 600) -> HttpResponse:
    response = render(request, "service_requests/429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _stash(request: HttpRequest, identifier: str, form: RequestForm) -> str:
    """Keep what was typed when the session expired; returns the resume token."""
    PendingSubmission.objects.filter(created_at__lt=timezone.now() - STASH_MAX_AGE).delete()
    token = secrets.token_urlsafe(24)
    PendingSubmission.objects.create(
        token=token,
        service_identifier=identifier,
        data=form.stashable_data(),
        had_files=bool(request.FILES),
    )
    return token


def _restore(request: HttpRequest, identifier: str) -> dict:
    token = request.GET.get("resume", "")[:64]
    # Tokens are URL-safe random strings; anything else (a NUL byte, which PostgreSQL
    # refuses in a query) cannot match one.
    if not token or "\x00" in token:
        return {}
    stash = PendingSubmission.objects.filter(
        token=token,
        service_identifier=identifier,
        created_at__gte=timezone.now() - STASH_MAX_AGE,
    ).first()
    if stash is None:
        return {}
    data = dict(stash.data)
    if stash.had_files:
        messages.warning(
            request,
            _("Your answers were kept, but attachments were not: please attach them again."),
        )
    else:
        messages.info(request, _("Your answers were kept. Check them and send the request."))
    stash.delete()
    return data


def _too_large(request: HttpRequest) -> bool:
    """Refuse bodies bigger than all attachments plus the text fields, before reading them."""
    length = parse_int(request.META.get("CONTENT_LENGTH") or "0", minimum=0)
    if length is None:
        return True
    return length > files.max_bytes() * files.MAX_FILES + 1024 * 1024


def _token_already_used(
    request: HttpRequest, identifier: str, form_kwargs: dict, context: dict
) -> HttpResponse:
    """The token belongs to a request this visitor cannot see: show the form again, fresh."""
    data = request.POST.copy()
    data["token"] = issue_token(identifier)
    form = RequestForm(data, **form_kwargs)
    form.is_valid()
    form.add_error(
        None, _("This form has already been sent once. Check your answers and send it again.")
    )
    context["form"] = form
    return render(request, "service_requests/new.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest, identifier: str) -> HttpResponse:
    """Show and accept the request form of one service."""
    if len(identifier) > 128:
        raise Http404
    service = get_requestable_service(identifier)
    definition = form_definition(identifier)
    fixed_kind = fixed_request_kind(service, definition)
    needs_login = requires_institution_user(service)
    institutions: list[InstitutionMembership] = []
    if needs_login and request.user.is_authenticated:
        institutions = list(memberships(request.user, InstitutionMembership.REQUESTER))
    form_kwargs = {
        "identifier": identifier,
        "institutions": institutions,
        "anonymous": not needs_login,
        "fixed_kind": fixed_kind,
        "definition": definition,
    }
    context = {
        "service": service,
        "channel": request_channel(service),
        "definition": definition,
        "fixed_kind": fixed_kind,
        "fixed_kind_label": dict(ServiceRequest._meta.get_field("request_kind").choices).get(
            fixed_kind, ""
        ),
        "anonymous": not needs_login,
    }

    if request.method == "POST":
        decision = check_submission(request)
        if decision.limited:
            return too_many_requests(request, decision.retry_after)
        if _too_large(request):
            context["limit_mb"] = files.max_bytes() * files.MAX_FILES // (1024 * 1024)
            return render(request, "service_requests/413.html", context, status=413)
        if needs_login and not request.user.is_authenticated:
            # The session expired mid-form: keep the input server-side, sign in, come back.
            stash_form = RequestForm(request.POST, **{**form_kwargs, "institutions": []})
            token = _stash(request, identifier, stash_form)
            messages.warning(
                request, _("Your session has expired. Sign in again to send your request.")
            )
            return redirect_to_login(f"{request.path}?resume={token}")
        if needs_login and not institutions:
            return render(request, "service_requests/no_membership.html", context, status=403)
        key = read_token(request.POST.get("token", ""), identifier)
        if key:
            existing = (
                ServiceRequest.objects.filter(idempotency_token=key)
                .values_list("reference", flat=True)
                .first()
            )
            if existing is not None:
                if requester_queryset(request).filter(reference=existing).exists():
                    # A double click or a retry: show the request that already exists.
                    return redirect("service_requests:detail", reference=existing)
                # Someone else's token: never say which request it made.
                return _token_already_used(request, identifier, form_kwargs, context)
        form = RequestForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            service_request, created = create_request(
                NewRequest(
                    token=form.idempotency_key or "",
                    service=service,
                    request_kind=fixed_kind or form.cleaned_data["request_kind"],
                    requester_user=request.user,
                    requester_institution_iri=form.cleaned_data.get("institution", ""),
                    requester_institution_name=form.institution_name(),
                    contact_name=form.cleaned_data["contact_name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    needed=form.cleaned_data["needed"],
                    desired_date=form.cleaned_data.get("desired_date"),
                    answers=form.answers(),
                    uploads=form.uploads(),
                ),
                check_existing=not key,
            )
            if (
                not created
                and not requester_queryset(request).filter(pk=service_request.pk).exists()
            ):
                return _token_already_used(request, identifier, form_kwargs, context)
            remember_in_session(request, service_request)
            if created:
                request.session[JUST_CREATED] = service_request.reference
            return redirect("service_requests:detail", reference=service_request.reference)
        if "token" in form.errors or not key:
            form.data = form.data.copy()
            form.data["token"] = issue_token(identifier)
        if request.FILES:
            messages.warning(
                request,
                _(
                    "For your safety, attachments are not kept when the form has errors: "
                    "attach them again."
                ),
            )
        context["form"] = form
        return render(request, "service_requests/new.html", context)

    if needs_login and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_login and not institutions:
        return render(request, "service_requests/no_membership.html", context, status=403)
    initial = {**profile_initial(request.user), **_restore(request, identifier)}
    initial["token"] = issue_token(identifier)
    context["form"] = RequestForm(initial=initial, **form_kwargs)
    return render(request, "service_requests/new.html", context)


@never_cache
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirmation and status page, for the requester's side and the provider's.

    Anonymous requesters arrive from the e-mailed link carrying a signed key; a valid key
    admits this browser session to the request (and its files).
    """
    key = request.GET.get("k", "")
    if key and reference_from_key(key) == reference:
        found = ServiceRequest.objects.filter(reference=reference, requester_user__isnull=True)
        for item in found:
            remember_in_session(request, item)
    service_request = get_object_or_404(visible_queryset(request), reference=reference[:32])
    just_created = request.session.get(JUST_CREATED) == service_request.reference
    if just_created:
        del request.session[JUST_CREATED]
    localize_names([service_request], get_language() or "lv")
    return render(
        request,
        "service_requests/detail.html",
        {
            "r": service_request,
            "just_created": just_created,
            "events": service_request.events.filter(internal=False),
            "attachments": service_request.attachments.filter(message__isnull=True),
        },
    )


@login_required
@never_cache
def my_requests(request: HttpRequest) -> HttpResponse:
    """The signed-in user's institutions' requests and their status."""
    rows = requester_queryset(request).order_by("-created_at", "-id")[:500]
    rows = localize_names(rows, get_language() or "lv")
    return render(request, "service_requests/mine.html", {"requests": rows})


@never_cache
def attachment(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Serve a private file only to those who may see its request; always as a download."""
    service_request = get_object_or_404(visible_queryset(request), reference=reference[:32])
    item = get_object_or_404(service_request.attachments, pk=pk)
    try:
        handle = files.open_stored(item.stored_name)  # FileResponse closes it
    except (OSError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class LoginView(auth_views.LoginView):
    """Sign-in for institution users; django-axes throttles it per address + username."""

    template_name = "service_requests/login.html"
    authentication_form = InstitutionLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def get_success_url(self) -> str:
        return reverse("service_requests:login")
