"""Where this installation of the package came from, as one line of a ``requirements.txt``, so
that a policy pack's own virtualenv installs the same package the team installed.

pip records how a distribution was installed from a URL or a path in its ``direct_url.json``
(PEP 610, https://packaging.python.org/en/latest/specifications/direct-url-data-structure/):
a local folder (``dir_info``), an archive such as a wheel file (``archive_info``), or a version
control URL at the commit it checked out (``vcs_info``). A distribution installed from an index
has no such file and is named by its version.
"""

import json
from importlib import metadata
from typing import Any, Mapping, Optional

DISTRIBUTION = "alicloud-instance-role"


def requirement_from(direct_url: Optional[Mapping[str, Any]], version: str) -> str:
    """The requirement that installs this distribution again: ``alicloud-instance-role @ <url>``
    for a local folder or archive (the URL pip recorded), ``alicloud-instance-role @
    git+<url>@<commit>`` for a VCS checkout (the exact commit, whichever branch or tag was
    asked for), else ``alicloud-instance-role==<version>`` from an index."""
    url = direct_url.get("url") if direct_url else None
    if not isinstance(url, str) or not url or direct_url is None:
        return f"{DISTRIBUTION}=={version}"
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, Mapping) and isinstance(vcs.get("vcs"), str):
        commit = vcs.get("commit_id")
        url = f"{vcs['vcs']}+{url}" + (f"@{commit}" if isinstance(commit, str) and commit else "")
    subdirectory = direct_url.get("subdirectory")
    if isinstance(subdirectory, str) and subdirectory:
        url += f"#subdirectory={subdirectory}"
    return f"{DISTRIBUTION} @ {url}"


def installed_requirement() -> str:
    """:func:`requirement_from` for the installed distribution."""
    distribution = metadata.distribution(DISTRIBUTION)
    text = distribution.read_text("direct_url.json")
    try:
        direct_url = json.loads(text) if text else None
    except ValueError:
        direct_url = None
    return requirement_from(direct_url if isinstance(direct_url, dict) else None, distribution.version)
