"""What a subscription follows, as services: a service, a guide's services, a topic's, a
catalogue's. Every lookup is by the Latvian pages (the register's identifiers); notes and
titles are then read in the subscriber's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from alerts.models import Subscription
from catalogue_pages.audiences import AUDIENCE_FIELDS, catalogue_label
from catalogue_pages.models import LifeSituationPage, ServicePage, Topic
from requestkit import public_urls


@dataclass
class Target:
    kind: str
    key: str
    title: str
    url: str


def service_identifiers(kind: str, key: str) -> set[str]:
    """The identifiers of the services a target covers (withdrawn ones included: a
    withdrawal is news)."""
    services = ServicePage._base_manager.filter(locale__language_code="lv")
    if kind == Subscription.SERVICE:
        services = services.filter(identifier=key)
    elif kind == Subscription.GUIDE:
        services = services.filter(
            life_situations__identifier=key, life_situations__locale__language_code="lv"
        )
    elif kind == Subscription.TOPIC:
        services = services.filter(topics__slug=key)
    elif kind == Subscription.CATALOGUE and key in AUDIENCE_FIELDS:
        services = services.filter(**{AUDIENCE_FIELDS[key]: True})
    else:
        return set()
    return set(services.values_list("identifier", flat=True))


def describe(kind: str, key: str, language: str) -> Target | None:
    """The followed thing's name and public address in ``language``; None if it is unknown."""
    with translation.override(language):
        if kind in (Subscription.SERVICE, Subscription.GUIDE):
            model = ServicePage if kind == Subscription.SERVICE else LifeSituationPage
            page = (
                model.objects.live().filter(identifier=key, locale__language_code=language).first()
                or model.objects.live().filter(identifier=key, locale__language_code="lv").first()
            )
            if page is None:
                return None
            return Target(kind, key, page.title, public_urls.page_url(page))
        if kind == Subscription.TOPIC:
            topic = Topic.objects.filter(slug=key).first()
            if topic is None:
                return None
            name = topic.name_en if language == "en" and topic.name_en else topic.name_lv
            return Target(kind, key, name, public_urls.absolute(f"/{language}/"))
        if kind == Subscription.CATALOGUE and key in AUDIENCE_FIELDS:
            return Target(
                kind, key, str(catalogue_label(key)), public_urls.absolute(f"/{language}/")
            )
    return None
