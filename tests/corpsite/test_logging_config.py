"""LOG_LEVEL applies to Django's own loggers too (settings.base.logging_config, used by
production.py): at ERROR, a 404's "Not Found" warning is not written, an error is."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest

from corpsite.settings.base import logging_config

NAMES = ("", "django", "django.request", "django.server")


@pytest.fixture
def restore_logging():
    saved = {
        name: (logger.level, list(logger.handlers), logger.propagate)
        for name in NAMES
        for logger in [logging.getLogger(name)]
    }
    yield
    for name, (level, handlers, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate


def configure(level: str) -> io.StringIO:
    """Django's default logging, then the production one, as Django applies them; the
    console handler writing to a buffer."""
    from django.utils.log import DEFAULT_LOGGING

    logging.config.dictConfig(DEFAULT_LOGGING)
    logging.config.dictConfig(logging_config(level))
    stream = io.StringIO()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(stream)
    return stream


@pytest.mark.django_db
def test_log_level_error_silences_the_not_found_warnings(client, restore_logging, settings):
    settings.DEBUG = False
    stream = configure("ERROR")
    assert client.get("/en/no-such-page/").status_code == 404
    logging.getLogger("django.request").warning("Not Found: %s", "/x")
    logging.getLogger("django.server").info('"GET /x HTTP/1.1" 404 0')
    assert stream.getvalue() == ""
    logging.getLogger("django.request").error("Internal Server Error: %s", "/y")
    assert "Internal Server Error: /y" in stream.getvalue()


def test_log_level_warning_keeps_them(restore_logging):
    stream = configure("warning")
    logging.getLogger("django.request").warning("Not Found: %s", "/x")
    logging.getLogger("django.server").info("a request")
    logging.getLogger("forms").info("an info line")
    assert stream.getvalue() == "Not Found: /x\n"


def test_the_admins_are_still_mailed_errors(restore_logging):
    configure("ERROR")
    handlers = logging.getLogger("django").handlers
    assert [type(handler).__name__ for handler in handlers] == ["AdminEmailHandler"]
