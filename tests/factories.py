"""Test objects with defaults (factory_boy and wagtail-factories)."""

import factory
import wagtail_factories
from django.utils import timezone

from pages.models import ContentPage
from privacy.models import Person


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Trade fairs {2027 + n}")
    slug = factory.Sequence(lambda n: f"trade-fairs-{n}")
    intro = "Where to meet us."

    class Meta:
        model = ContentPage


class PersonFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    last_contact_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Person
