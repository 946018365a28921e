"""The personal-data registry: every model accounted for."""

import pytest

from privacy.registry import registry

pytestmark = pytest.mark.django_db


def test_every_model_is_registered_or_declared_free():
    assert registry.unregistered_models() == []


def test_the_walk_catches_a_forgotten_model():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("privacy"):

        class Forgotten(models.Model):  # noqa: DJ008
            nickname = models.CharField(max_length=20)

            class Meta:
                app_label = "privacy"

        from privacy.registry import personal_data_fields

        assert personal_data_fields(Forgotten) == ["nickname"]
