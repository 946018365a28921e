"""gunicorn's settings for this site: ``gunicorn -c python:corpsite.gunicorn_conf ...``.

gunicorn itself believes ``X-Forwarded-Proto``/``X-Forwarded-Ssl`` (and sets the
request's scheme to https) from any peer in ``forwarded_allow_ips``, 127.0.0.1 by
default, before Django runs: a proxy on the same host that passes a client's header
through would let that client pass for HTTPS. Here gunicorn believes no forwarded
header at all; ``TRUSTED_PROXIES`` alone decides, in ``corpsite.proxies``.
"""

secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""
# Several instances may run on one machine: no control socket at a fixed path.
control_socket_disable = True
