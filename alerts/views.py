"""Follow, confirm, unsubscribe (RFC 8058 one-click) and manage, all without JavaScript.

The follow form sits on cached public pages, so it carries no CSRF token (like the feedback
form): it can only ask for a confirmation e-mail, limited per client and per address through
``requestkit.ratelimit``. Its answer is the same whether the address is known, already
follows, or has reached ``ALERTS_MAX_PER_ADDRESS``: nobody learns who subscribes to what.
Links from e-mails show a button (GET changes nothing: mail scanners open links); the
unsubscribe link also takes the mail client's one-click POST.

"E-mail me this checklist" (``checklist``) is the guide's checklist form posted here: the
same double opt-in, the same limits, the same answer for every address; its errors are shown
on the checklist itself, in the page's language, with the address and the ticks kept.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import checklist as checklist_mail
from alerts import links
from alerts.models import ChecklistRequest, Subscriber, Subscription
from alerts.targets import describe
from alerts.tasks import (
    send_checklist_confirmation_task,
    send_checklist_task,
    send_confirmation_task,
)
from catalogue_pages import checklist as ticks_link
from catalogue_pages.feedback import from_another_site
from requestkit import ratelimit
from requestkit.client_ip import client_ip


class FollowForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    kind = forms.ChoiceField(choices=Subscription.KIND_CHOICES, widget=forms.HiddenInput)
    key = forms.CharField(max_length=128, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=Subscription.FREQUENCY_CHOICES,
        initial=Subscription.IMMEDIATE,
        widget=forms.RadioSelect,
    )


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, f"alerts/{template}", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _limited(request: HttpRequest, email: str) -> bool:
    per_client = ratelimit.hit(
        "alerts-client", client_ip(request), limit=settings.ALERTS_CLIENT_LIMIT, window=3600
    )
    per_address = ratelimit.hit(
        "alerts-email", email.lower(), limit=settings.ALERTS_EMAIL_LIMIT, window=86400
    )
    return per_client.limited or per_address.limited


@csrf_exempt
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    language = (get_language() or "lv")[:2]
    if not form.is_valid():
        return _page(request, "follow_error.html", {"form": form}, status=400)
    data = form.cleaned_data
    target = describe(data["kind"], data["key"], language)
    if target is None:
        return _page(request, "follow_error.html", {"form": form, "unknown": True}, status=400)
    if _limited(request, data["email"]):
        return _page(request, "follow_error.html", {"limited": True}, status=429)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=data["email"].lower(), defaults={"language": language}
        )
        subscription = subscriber.subscriptions.filter(kind=data["kind"], key=data["key"]).first()
        if subscription is None and (
            subscriber.subscriptions.count() < settings.ALERTS_MAX_PER_ADDRESS
        ):
            subscription = subscriber.subscriptions.create(
                kind=data["kind"], key=data["key"], frequency=data["frequency"]
            )
        if subscription is not None and subscription.confirmed_at is None:
            pk = subscription.pk
            transaction.on_commit(lambda: send_confirmation_task.enqueue(pk))
    # The same answer in every case (enumeration protection, as at sign-in).
    return _page(request, "follow_sent.html", {"target": target})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = links.confirmed_subscription(token)
    if subscription is None:
        return _page(request, "link_invalid.html", {}, status=400)
    target = describe(subscription.kind, subscription.key, subscription.subscriber.language)
    if request.method == "POST":
        if subscription.confirmed_at is None:
            now = timezone.now()
            subscription.confirmed_at = subscription.sent_until = now
            subscription.save(update_fields=["confirmed_at", "sent_until"])
        return _page(
            request,
            "confirmed.html",
            {
                "target": target,
                "manage_url": links.manage_url(
                    subscription.subscriber, subscription.subscriber.language
                ),
            },
        )
    return _page(request, "confirm.html", {"target": target, "token": token})


def remove(subscription: Subscription) -> None:
    """Delete a subscription, and its subscriber (the address) with the last one."""
    subscriber = subscription.subscriber
    subscription.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button. POST: done — the form's or the mail client's one-click (RFC 8058)."""
    subscription = links.unsubscribed_subscription(token)
    if request.method == "POST":
        if subscription is not None:
            remove(subscription)
        return _page(request, "unsubscribed.html", {})
    if subscription is None:
        return _page(request, "unsubscribed.html", {})
    target = describe(subscription.kind, subscription.key, subscription.subscriber.language)
    return _page(request, "unsubscribe.html", {"target": target, "token": token})


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = links.managed_subscriber(token)
    if subscriber is None:
        return _page(request, "link_invalid.html", {}, status=400)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "delete-all":
            subscriber.delete()
            return _page(request, "unsubscribed.html", {"all": True})
        chosen = subscriber.subscriptions.filter(pk=request.POST.get("subscription") or 0).first()
        if chosen is not None and action == "remove":
            remove(chosen)
            if not Subscriber.objects.filter(pk=subscriber.pk).exists():
                return _page(request, "unsubscribed.html", {"all": True})
        elif chosen is not None and action in dict(Subscription.FREQUENCY_CHOICES):
            chosen.frequency = action
            chosen.save(update_fields=["frequency"])
    language = (get_language() or "lv")[:2]
    rows = [
        {"subscription": s, "target": describe(s.kind, s.key, language)}
        for s in subscriber.subscriptions.order_by("created_at")
    ]
    return _page(
        request,
        "manage.html",
        {"rows": rows, "token": token, "saved": request.method == "POST", "message": _("Saved.")},
    )


class ChecklistMailForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your e-mail address."),
            "invalid": gettext_lazy(
                "Enter the e-mail address in the right form, for example vards@example.lv."
            ),
        },
    )


@csrf_exempt  # on a cached public page; see alerts.checklist for what stands in for CSRF
@require_POST
def checklist(request: HttpRequest) -> HttpResponse:
    """The checklist form: "save" turns the ticks into a private link (nothing stored),
    anything else asks for the checklist by e-mail."""
    language = (get_language() or "lv")[:2]
    page = checklist_mail.guide_page(request.POST.get("guide", "")[:128], language)
    if page is None:
        return _page(request, "follow_error.html", {"unknown": True}, status=400)
    ticks = ticks_link.request_ticks(page.identifier, request)
    stored = checklist_mail.stored_ticks(ticks)
    if "save" in request.POST:
        token = ticks_link.make_token(page.identifier, {int(k): v for k, v in stored.items()})
        return redirect(f"{page.url}checklist/?t={token}#private-link")
    form = ChecklistMailForm(request.POST)
    error, status = "", 400
    if request.POST.get(checklist_mail.HONEYPOT):
        return _page(request, "checklist_sent.html", {"page": page})  # tell bots nothing
    if not form.is_valid():
        error = str(form.errors["email"][0])
    elif from_another_site(request) or not checklist_mail.check_form_token(
        request.POST.get("form_token", ""), page.identifier
    ):
        error = _("This form had expired. Please press “E-mail me this checklist” again.")
    elif _limited(request, form.cleaned_data["email"]):
        error, status = _("We have received many requests from you. Please try again later."), 429
    if error:
        context = {
            **page.get_context(request),
            "email_error": error,
            "email_value": request.POST.get("email", "")[:254],
            "token": request.POST.get("t", ""),
        }
        response = TemplateResponse(
            request, "catalogue_pages/life_situation_checklist.html", context, status=status
        )
        response["Cache-Control"] = "no-store"
        return response
    with transaction.atomic():
        pending, _created = ChecklistRequest.objects.update_or_create(
            email=form.cleaned_data["email"].lower(),
            guide=page.identifier,
            defaults={"language": language, "ticks": stored, "confirmed_at": None},
        )
        pk = pending.pk
        transaction.on_commit(lambda: send_checklist_confirmation_task.enqueue(pk))
    # The same answer for every address (enumeration protection, as at sign-in).
    return _page(request, "checklist_sent.html", {"page": page})


@require_http_methods(["GET", "POST"])
def checklist_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); its POST sends the checklist."""
    pending = links.checklist_request(token)
    page = checklist_mail.guide_page(pending.guide, pending.language) if pending else None
    if pending is None or page is None:
        return _page(request, "checklist_link_invalid.html", {}, status=400)
    if request.method == "POST":
        if pending.confirmed_at is None:
            pending.confirmed_at = timezone.now()
            pending.save(update_fields=["confirmed_at"])
            pk = pending.pk
            transaction.on_commit(lambda: send_checklist_task.enqueue(pk))
        return _page(request, "checklist_confirmed.html", {"page": page})
    return _page(request, "checklist_confirm.html", {"page": page, "token": token})
