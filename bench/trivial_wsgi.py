"""The ceiling for bench/compare_sites.py: a WSGI app that answers every request at once.

gunicorn --chdir bench trivial_wsgi:application
"""

BODY = b"<!doctype html><title>ok</title><p>ok</p>\n" * 100  # about 4 kB, like a small page


def application(environ, start_response):
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]
