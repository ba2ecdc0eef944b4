"""The alert and checklist e-mails, plain text in the reader's language, from ``PORTAL_BASE_URL``.

Every e-mail about a subscription carries RFC 8058 one-click unsubscribe: ``List-Unsubscribe``
with the HTTPS link and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (a mail client
POSTs that body to the link; ``views.unsubscribe`` accepts it without a CSRF token, the signed
link being the authority), plus the link to manage all of one's alerts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from alerts import checklist, links
from alerts.models import ChecklistRequest, Subscriber, Subscription
from alerts.targets import describe


def _send(
    subscriber: Subscriber, subject: str, template: str, context: dict[str, Any], unsubscribe: str
) -> None:
    language = subscriber.language
    manage = links.manage_url(subscriber, language)
    with translation.override(language):
        body = render_to_string(template, {**context, "manage_url": manage})
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"} if unsubscribe else {}
    if unsubscribe:
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [subscriber.email], headers=headers
    ).send()


def send_confirmation(subscription: Subscription) -> None:
    """The double opt-in e-mail: nothing else is sent before its link is followed."""
    subscriber = subscription.subscriber
    language = subscriber.language
    target = describe(subscription.kind, subscription.key, language)
    with translation.override(language):
        subject = _("Confirm your alert: %(title)s") % {"title": target.title if target else ""}
    _send(
        subscriber,
        subject,
        "alerts/email_confirm.txt",
        {
            "target": target,
            "subscription": subscription,
            "confirm_url": links.confirm_url(subscription, language),
            "days": settings.ALERTS_UNCONFIRMED_DAYS,
        },
        "",
    )


def send_alert(subscription: Subscription, items: list[dict[str, Any]], digest: bool) -> None:
    """One alert (or weekly summary) of what changed in what the subscription follows."""
    subscriber = subscription.subscriber
    language = subscriber.language
    target = describe(subscription.kind, subscription.key, language)
    unsubscribe = links.unsubscribe_url(subscription, language)
    with translation.override(language):
        title = target.title if target else subscription.key
        subject = (
            _("Weekly summary of changes: %(title)s") if digest else _("Changed: %(title)s")
        ) % {"title": title}
    _send(
        subscriber,
        subject,
        "alerts/email_alert.txt",
        {"target": target, "items": items, "digest": digest, "unsubscribe_url": unsubscribe},
        unsubscribe,
    )


def send_checklist_confirmation(request: ChecklistRequest) -> bool:
    """The double opt-in of "E-mail me this checklist": only a link to press "Send"."""
    page = checklist.guide_page(request.guide, request.language)
    if page is None:
        return False
    with translation.override(request.language):
        subject = _("Confirm: e-mail the checklist “%(title)s”") % {"title": page.title}
        body = render_to_string(
            "alerts/email_checklist_confirm.txt",
            {
                "page": page,
                "confirm_url": links.checklist_url(request, request.language),
                "days": settings.ALERTS_UNCONFIRMED_DAYS,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email]).send()
    return True


def send_checklist(request: ChecklistRequest) -> bool:
    """The checklist itself, with its ticks, links and phone numbers."""
    page = checklist.guide_page(request.guide, request.language)
    if page is None:
        return False
    context = checklist.email_content(request, page)
    with translation.override(request.language):
        subject = _("Checklist: %(title)s") % {"title": page.title}
        body = render_to_string("alerts/email_checklist.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email]).send()
    return True
