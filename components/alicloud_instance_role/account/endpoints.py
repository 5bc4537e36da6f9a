"""Where the commands send their calls: ``--ram-endpoint`` and ``--ecs-endpoint`` take a host
(``ram.vpc-proxy.aliyuncs.com``) or a URL (``https://...``, ``http://127.0.0.1:8080``); an
``http://`` URL means plain HTTP, anything else HTTPS. Pure Python."""

from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

HTTPS, HTTP = "HTTPS", "HTTP"


class EndpointError(ValueError):
    """An endpoint option that is neither a host nor an http(s) URL of one."""


@dataclass(frozen=True)
class Endpoint:
    """A host (with its port, when given) and the protocol to reach it with."""

    host: str
    protocol: str = HTTPS

    def __str__(self) -> str:
        return f"{self.protocol.lower()}://{self.host}"


def parse_endpoint(text: Optional[str], option: str) -> Optional[Endpoint]:
    """The endpoint ``text`` names (None for None); :class:`EndpointError` naming ``option``
    for one that is not a host or a URL of one (a path, query or other scheme is refused: the
    RPC APIs are served at ``/``)."""
    if text is None:
        return None
    value = text.strip()
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise EndpointError(f"{option} {text!r}: only http:// and https:// URLs (or a bare host) are understood")
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise EndpointError(f"{option} {text!r}: expected a host or a URL of one, such as https://ram.aliyuncs.com")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise EndpointError(f"{option} {text!r}: the port is not a number") from None
    return Endpoint(parts.netloc, HTTP if parts.scheme == "http" else HTTPS)
