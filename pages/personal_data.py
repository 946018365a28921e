from pages.models import (
    ContentPage,
    HomePage,
    JobIndexPage,
    JobOfferPage,
    Menu,
    ProductIndexPage,
    ProductPage,
)
from privacy.registry import registry


def register() -> None:
    for model in (ContentPage, HomePage, JobIndexPage, JobOfferPage, Menu, ProductIndexPage):
        registry.declare_free(model, "site content written by editors")
    # The resellers' names and telephone numbers are businesses' published contacts.
    registry.declare_free(ProductPage, "site content written by editors")
