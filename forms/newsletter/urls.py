"""What a visitor reaches of the newsletter outside its page, under the language
prefix (the project's urls include these inside ``i18n_patterns``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .subscribe import newsletter_subscribe
from .views import newsletter_confirm, newsletter_preferences, newsletter_unsubscribe

urlpatterns = [
    path(_("newsletter/subscribe/"), newsletter_subscribe, name="newsletter_subscribe"),
    path(_("newsletter/confirm/"), newsletter_confirm, name="newsletter_confirm"),
    path(_("newsletter/unsubscribe/"), newsletter_unsubscribe, name="newsletter_unsubscribe"),
    path(_("newsletter/preferences/"), newsletter_preferences, name="newsletter_preferences"),
]
