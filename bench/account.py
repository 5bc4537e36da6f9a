"""``python -m bench.account`` (and ``make bench``): reading a large account from the local
RAM and ECS stand-in, as ``discover`` and ``audit`` read it, with the real SDK clients.

The account has ``roles`` instance roles (each with a Custom policy of its own and a System
policy), a tenth as many users and groups allowed to pass them, and ``regions`` regions holding
``instances_per_region`` instances, nine in ten bound to a role. Prints one ``name=value`` line
per figure: ``account_read_seconds_<roles>`` (wall time of one read, the median of
``repeats``), ``account_read_calls_<roles>`` (API calls it made) and ``account_read_regions``.
``--quick`` reads 50 roles across 4 regions.
"""

import argparse
import io
import json
import multiprocessing
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Dict, Iterator, Optional, Sequence, TextIO, Tuple

from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.models import Config as CredentialConfig

from alicloud_instance_role.account.calls import Calls
from alicloud_instance_role.account.endpoints import parse_endpoint
from alicloud_instance_role.account.model import Account
from alicloud_instance_role.account.reading import DEFAULT_CONCURRENCY, Reader, Scope
from alicloud_instance_role.testing.account_standin import StandIn, StandInAccount, StandInRole


@dataclass(frozen=True)
class AccountSize:
    """How large the account read is."""

    roles: int
    regions: int
    instances_per_region: int


FULL = AccountSize(roles=1000, regions=20, instances_per_region=100)
QUICK = AccountSize(roles=50, regions=4, instances_per_region=10)


def large_account(size: AccountSize) -> StandInAccount:
    """A stand-in account of ``size``."""
    account = StandInAccount()
    for number in range(size.roles):
        name = f"app-{number:04d}"
        account.roles[name] = StandInRole(
            policies=[(f"{name}-permissions", "Custom"), ("AliyunOSSReadOnlyAccess", "System")]
        )
        account.policies[f"{name}-permissions"] = json.dumps(
            {
                "Version": "1",
                "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": f"acs:oss:*:*:{name}/*"}],
            }
        )
    operators = max(1, size.roles // 10)
    for number in range(operators):
        grant = f"pass-{number:04d}"
        roles = [f"acs:ram::{account.account_id}:role/app-{n:04d}" for n in range(number, size.roles, operators)]
        account.policies[grant] = json.dumps(
            {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:PassRole", "Resource": roles}]}
        )
        account.users[f"operator-{number:04d}"] = [(grant, "Custom")]
        account.groups[f"team-{number:04d}"] = [(grant, "Custom")]
    for region_number in range(size.regions):
        instances: Dict[str, Optional[str]] = {}
        for number in range(size.instances_per_region):
            role = f"app-{(region_number * size.instances_per_region + number) % size.roles:04d}"
            instances[f"i-r{region_number:02d}{number:05d}"] = role if number % 10 else None
        account.regions[f"region-{region_number:02d}"] = instances
    return account


def _serve(size: AccountSize, connection: Connection) -> None:
    with StandIn(large_account(size)) as server:
        connection.send(server.endpoint)
        connection.recv()  # until told to stop


@contextmanager
def served(size: AccountSize) -> Iterator[str]:
    """The endpoint of a stand-in serving an account of ``size`` from another process, so the
    read's time is the client's, not shared with the server under one interpreter lock."""
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(size, child), daemon=True)
    process.start()
    try:
        yield str(parent.recv())
    finally:
        parent.send("stop")
        process.join(timeout=10)


def read_once(endpoint_url: str, concurrency: int = DEFAULT_CONCURRENCY) -> Tuple[Account, int, float]:
    """One read as discover makes it: (what was read, calls made, seconds)."""
    endpoint = parse_endpoint(endpoint_url, "--ram-endpoint")
    credential = CredentialClient(
        CredentialConfig(type="access_key", access_key_id=StandInAccount().access_key_id, access_key_secret="bench")
    )
    calls = Calls(endpoint, endpoint, credential=credential)
    started = time.perf_counter()
    account = Reader(calls, concurrency, progress=open_devnull()).read(Scope())
    return account, calls.count, time.perf_counter() - started


def open_devnull() -> TextIO:
    """A stream that is not a terminal, so no progress bar is drawn."""
    return io.StringIO()


def measure(size: AccountSize, repeats: int) -> Dict[str, float]:
    """The figures for reading an account of ``size``, ``repeats`` times."""
    seconds = []
    calls = 0
    with served(size) as endpoint:
        for _ in range(repeats):
            account, calls, elapsed = read_once(endpoint)
            seconds.append(elapsed)
            if len(account.roles) != size.roles or len(account.regions) != size.regions:
                raise RuntimeError(f"read {len(account.roles)} roles in {len(account.regions)} regions, not {size}")
    return {
        f"account_read_seconds_{size.roles}": statistics.median(seconds),
        f"account_read_calls_{size.roles}": float(calls),
        "account_read_regions": float(size.regions),
    }


def report(figures: Dict[str, float], out: TextIO) -> None:
    """Print the figures, one ``name=value`` line each."""
    for name, value in figures.items():
        out.write(f"{name}={value:.3f}\n" if "seconds" in name else f"{name}={value:.0f}\n")


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.account", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 roles across 4 regions, once")
    parser.add_argument("--repeats", type=int, default=3, help="reads to take the median of (default 3)")
    options = parser.parse_args(argv)
    report(measure(QUICK if options.quick else FULL, 1 if options.quick else options.repeats), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
