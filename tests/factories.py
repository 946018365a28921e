"""Test objects with defaults (factory_boy and wagtail-factories).

Staff: ``staff_user("officer")`` makes a member of the role's groups (ROLES), with
the password ``STAFF_PASSWORD``. ``client.force_login(user)`` gives a fully
signed-in session (tests/conftest.py); for a sign-in through the login form, pass
``authenticator=True`` (or call ``add_authenticator(user)``) so that the user has a
confirmed TOTP device for the second factor.

Submissions are made through the real form view (the ``make_submission`` fixture
of tests/conftest.py), subscriptions and purposes here.
"""

from __future__ import annotations

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from forms.models import Subscription
from pages.models import ContentPage
from privacy.models import LegalBasis, Person, Purpose, RetentionEvent

STAFF_PASSWORD = "a-long-staff-passphrase-42"  # noqa: S105

# The staff groups of each role (corpsite/staff_groups.py declares the groups).
ROLES: dict[str, tuple[str, ...]] = {
    "superuser": (),
    "officer": ("Privacy officer",),
    "editor": ("Editors",),
    "moderator": ("Moderators",),
    "support": ("Support",),
    "sales": ("Sales",),
    "hr": ("HR",),
    "marketing": ("Marketing",),
}


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


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff account; ``groups`` are group names, ``permissions`` are
    ``"app_label.codename"`` strings given to the user directly."""

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@tevenn.example")
    password = factory.django.Password(STAFF_PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        for name in extracted or ():
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def staff_user(
    role: str | None = None,
    *,
    username: str | None = None,
    groups: tuple[str, ...] = (),
    permissions: tuple[str, ...] = (),
    authenticator: bool = False,
    **fields,
):
    """A user of ``role`` (a key of ROLES: its groups, or a superuser), named after the
    role unless ``username`` is given, with more ``groups`` and ``permissions`` if
    asked; with a confirmed authenticator if ``authenticator``."""
    if role is not None:
        groups = ROLES[role] + tuple(groups)
        fields.setdefault("username", role)
        if role == "superuser":
            fields.update(is_superuser=True, is_staff=True)
    if username is not None:
        fields["username"] = username
    user = StaffUserFactory(groups=groups, permissions=permissions, **fields)
    if authenticator:
        add_authenticator(user)
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


def add_authenticator(user, name: str = "phone"):
    """A confirmed TOTP device of ``user`` (an authenticator app set up)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A newsletter sign-up waiting for confirmation (as after the sign-up form)."""

    person = factory.SubFactory(PersonFactory)
    language = "en"
    signed_up_at = factory.LazyFunction(timezone.now)
    confirmation_sent_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscription


class PurposeFactory(factory.django.DjangoModelFactory):
    """A valid purpose (legitimate interest, read by Sales), in the default locale."""

    key = factory.Sequence(lambda n: f"events-{n}")
    name = "Trade fair invitations"
    description = "Inviting customers to our stands."
    legal_basis = LegalBasis.LEGITIMATE_INTEREST
    legitimate_interest = "Meeting our customers."
    data_subjects = "Customers"
    data_categories = "Identity, email"
    recipients = "Sales team"
    retention_value = 1
    retention_unit = "years"
    retention_event = RetentionEvent.LAST_CONTACT
    staff_group = factory.LazyFunction(lambda: Group.objects.get(name="Sales"))

    class Meta:
        model = Purpose
