"""The visitor's address as the site sees it: through trusted reverse proxies only,
and its truncations (the network kept as proof of a consent, the key a rate limit counts)."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings


def trusted_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """settings.TRUSTED_PROXIES as networks: addresses ("10.0.0.2") or networks
    ("10.0.0.0/24"). Entries that are neither are left out (a system check names them)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", []) or []))


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def is_trusted_proxy(ip: str) -> bool:
    """Whether an address is one of the reverse proxies in settings.TRUSTED_PROXIES."""
    networks = trusted_networks()
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The visitor's address. X-Forwarded-For is trusted only from the proxies in
    settings.TRUSTED_PROXIES, and then only its right-most untrusted entry."""
    remote = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(remote):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if not is_trusted_proxy(hop):
                return hop
    return remote


def truncate_ip(ip: str) -> str:
    """The network of an address, nothing more: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def rate_limit_key(ip: str) -> str:
    """Whom a limit counts: an IPv4 address, or the /64 an IPv6 host is given (any
    machine picks addresses freely inside its own /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
