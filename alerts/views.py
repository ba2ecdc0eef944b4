"""Follow, confirm, unsubscribe (RFC 8058 one-click) and manage, all without JavaScript.

The follow form sits on cached public pages, so it carries no CSRF token (like the feedback
form): it can only ask for a confirmation e-mail, limited per client and per address through
``requestkit.ratelimit``. Its answer is the same whether the address is known, already
follows, or has reached ``ALERTS_MAX_PER_ADDRESS``: nobody learns who subscribes to what.
Links from e-mails show a button (GET changes nothing: mail scanners open links); the
unsubscribe link also takes the mail client's one-click POST.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import links
from alerts.models import Subscriber, Subscription
from alerts.targets import describe
from alerts.tasks import send_confirmation_task
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
