"""Posting a message on a request, from either side (forms that work without JavaScript).

The requester writes on the public request page, the provider in the admin; both go through
the same querysets as every other view, so someone else's request is simply not found.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .conversation import MessageForm, post_message
from .display_names import localize_names
from .permissions import is_provider, provider_queryset, requester_queryset


@never_cache
@require_POST
def requester_message(request: HttpRequest, reference: str) -> HttpResponse:
    """The requester writes to the provider; errors come back on the request page."""
    service_request = get_object_or_404(requester_queryset(request), reference=reference[:32])
    form = MessageForm(request.POST, request.FILES)
    localize_names([service_request], get_language() or "lv")
    if form.is_valid():
        post_message(
            service_request, form.cleaned_data["text"], request.user, "requester", form.uploads()
        )
        flash.success(request, _("Your message was sent to the provider."))
        return redirect(reverse("service_requests:detail", args=[reference]) + "#messages")
    return render(
        request,
        "service_requests/detail.html",
        {
            "r": service_request,
            "events": service_request.events.filter(internal=False),
            "attachments": service_request.attachments.filter(message__isnull=True),
            "message_form": form,
        },
        status=400,
    )


@require_POST
def provider_message(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider writes to the requester from the admin request page."""
    if not is_provider(request.user):
        raise PermissionDenied
    service_request = get_object_or_404(provider_queryset(request.user), pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        post_message(
            service_request, form.cleaned_data["text"], request.user, "provider", form.uploads()
        )
        flash.success(request, _("Message sent; the requester will be e-mailed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                flash.error(request, error)
    return redirect(reverse("service_requests_admin:detail", args=[pk]) + "#messages")


__all__ = ["provider_message", "requester_message"]
