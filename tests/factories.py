"""Factories for tests: pages built the way the sync builds them, with sensible defaults."""

from __future__ import annotations

import factory
import wagtail_factories
from wagtail.models import Locale

from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage, Topic
from catalogue_pages.site_tree import ensure_site_tree


class UnderLatvianIndexFactory(wagtail_factories.PageFactory):
    """Creates the page under the Latvian index named by ``_index`` unless a parent is given."""

    _index = ""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("parent") is None:
            kwargs["parent"] = getattr(ensure_site_tree(), cls._index)["lv"]
        return super()._create(model_class, *args, **kwargs)


class ServicePageFactory(UnderLatvianIndexFactory):
    """A published Latvian service under the service index; pass ``parent`` for another locale."""

    class Meta:
        model = ServicePage

    title = factory.Sequence(lambda n: f"Pakalpojums {n}")
    slug = factory.Sequence(lambda n: f"pakalpojums-{n}")
    identifier = factory.Sequence(lambda n: f"PAK-T{n:05d}")
    summary = "Pakalpojuma apraksts."
    for_citizens = True
    live = True

    _index = "services"


class InstitutionPageFactory(UnderLatvianIndexFactory):
    class Meta:
        model = InstitutionPage

    title = factory.Sequence(lambda n: f"Iestāde {n}")
    slug = factory.Sequence(lambda n: f"iestade-{n}")
    register_iri = factory.Sequence(lambda n: f"https://virsis.example/id/org/T{n}")
    live = True

    _index = "institutions"


class LifeSituationPageFactory(UnderLatvianIndexFactory):
    class Meta:
        model = LifeSituationPage

    title = factory.Sequence(lambda n: f"Dzīves situācija {n}")
    slug = factory.Sequence(lambda n: f"situacija-{n}")
    identifier = factory.Sequence(lambda n: f"DS-T{n:04d}")
    live = True

    _index = "situations"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    register_iri = factory.Sequence(lambda n: f"https://virsis.example/theme/t{n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")
    name_lv = factory.Sequence(lambda n: f"Tēma {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


def english_locale() -> Locale:
    return Locale.objects.get(language_code="en")


class UserFactory(factory.django.DjangoModelFactory):
    """A plain active user with password ``pw``."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.lv")
    password = factory.django.Password("pw")


class InstitutionMembershipFactory(factory.django.DjangoModelFactory):
    """Links a user to an institution (by register IRI) as requester or provider handler."""

    class Meta:
        model = "service_requests.InstitutionMembership"

    user = factory.SubFactory(UserFactory)
    institution_iri = factory.Sequence(lambda n: f"https://virsis.example/id/org/M{n}")
    institution_name = factory.Sequence(lambda n: f"Iestāde M{n}")
    role = "requester"
