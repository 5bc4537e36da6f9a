"""A local stand-in for RAM and ECS: a small RPC-style HTTP server on 127.0.0.1 that answers the
List, Get and Describe actions ``discover`` and ``audit`` call, in the shapes of the API
reference (the response models of ``alibabacloud_ram20150501`` and ``alibabacloud_ecs20140526``
parse them), so tests and ``make bench`` drive the real SDK clients without a cloud.

Standard library only. Both services answer on one port, told apart by the API version the SDK
sends (``x-acs-version``: RAM 2015-05-01, ECS 2014-05-26). It records every action it receives
(:attr:`StandIn.received`), checks the AccessKey ID in the ``Authorization`` header (not the
signature), and can answer ``Throttling.User`` to every ``throttle_every``-th call,
``NoPermission`` to chosen actions, and an error to every call about a chosen region. Error
bodies have RAM's and ECS's shape: ``{"RequestId", "HostId", "Code", "Message"}``.

    with StandIn(StandInAccount(roles={...})) as server:
        ... --ram-endpoint server.endpoint --ecs-endpoint server.endpoint
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Set, Tuple
from urllib.parse import parse_qsl, urlsplit

RAM_VERSION, ECS_VERSION = "2015-05-01", "2014-05-26"
ECS_TRUST = json.dumps(
    {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
    }
)


@dataclass
class StandInRole:
    """A role: its trust policy (ECS's by default), description, session limit, tags and the
    policies attached to it, as (name, ``Custom`` or ``System``)."""

    trust: str = ECS_TRUST
    description: str = ""
    max_session_duration: int = 3600
    tags: Dict[str, str] = field(default_factory=dict)
    policies: List[Tuple[str, str]] = field(default_factory=list)


@dataclass
class StandInAccount:
    """What the stand-in serves, and how it misbehaves."""

    account_id: str = "1234567890123456"
    access_key_id: str = "LTAI5tStandInKeyId"
    roles: Dict[str, StandInRole] = field(default_factory=dict)
    policies: Dict[str, str] = field(default_factory=dict)
    """Custom policy name -> its default version's document."""
    users: Dict[str, List[Tuple[str, str]]] = field(default_factory=dict)
    groups: Dict[str, List[Tuple[str, str]]] = field(default_factory=dict)
    regions: Dict[str, Dict[str, Optional[str]]] = field(default_factory=dict)
    """Region -> instance ID -> the role it holds (None for none)."""
    refused_regions: Set[str] = field(default_factory=set)
    denied_actions: Set[str] = field(default_factory=set)
    throttle_every: int = 0


class _Error(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _page(items: List[Any], marker: Optional[str], size: int) -> Tuple[List[Any], Optional[str]]:
    start = int(marker) if marker else 0
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


class _Server(ThreadingHTTPServer):
    # The default backlog (5) drops connections that many client threads open at once; each is
    # then retried by the kernel a second later.
    request_queue_size = 256
    daemon_threads = True


class StandIn:
    """The server: a context manager that serves ``account`` on 127.0.0.1 in a thread."""

    def __init__(self, account: StandInAccount) -> None:
        self.account = account
        self.received: List[str] = []
        """Every action received, in order (throttled and refused ones included)."""
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        """``http://127.0.0.1:<port>``, for ``--ram-endpoint`` and ``--ecs-endpoint``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "StandIn":
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> Any:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                params = dict(parse_qsl(parts.query)) | dict(parse_qsl(body))
                action = self.headers.get("x-acs-action") or params.get("Action", "")
                version = self.headers.get("x-acs-version") or params.get("Version", "")
                try:
                    answer = standin.answer(action, version, params, self.headers.get("Authorization", ""))
                    status, payload = 200, answer
                except _Error as error:
                    status = error.status
                    payload = {"Code": error.code, "Message": error.message, "HostId": self.headers.get("host", "")}
                payload["RequestId"] = "00000000-0000-4000-8000-000000000000"
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _serve
            do_POST = _serve

        return Handler

    def answer(self, action: str, version: str, params: Dict[str, str], authorization: str) -> Dict[str, Any]:
        """The body answering one call; raises _Error for an error answer."""
        account = self.account
        with self._lock:
            self.received.append(action)
            count = len(self.received)
        if f"Credential={account.access_key_id}," not in authorization + ",":
            raise _Error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if account.throttle_every and count % account.throttle_every == 0:
            raise _Error(400, "Throttling.User", "Request was denied due to user flow control.")
        if action in account.denied_actions:
            raise _Error(
                403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM."
            )
        service = {RAM_VERSION: self._ram, ECS_VERSION: self._ecs}.get(version)
        if service is None:
            raise _Error(400, "InvalidVersion", f"Specified parameter Version is not valid: {version}")
        return service(action, params)

    def _ram(self, action: str, params: Dict[str, str]) -> Dict[str, Any]:
        account = self.account
        size = int(params.get("MaxItems") or 100)
        marker = params.get("Marker")

        def paged(outer: str, inner: str, items: List[Any]) -> Dict[str, Any]:
            page, next_marker = _page(items, marker, size)
            answer: Dict[str, Any] = {outer: {inner: page}, "IsTruncated": next_marker is not None}
            if next_marker is not None:
                answer["Marker"] = next_marker
            return answer

        def attached(policies: List[Tuple[str, str]]) -> Dict[str, Any]:
            return {
                "Policies": {
                    "Policy": [
                        {"PolicyName": name, "PolicyType": kind, "DefaultVersion": "v1", "Description": ""}
                        for name, kind in policies
                    ]
                }
            }

        def role_of(name: str) -> Tuple[str, StandInRole]:
            if name not in account.roles:
                raise _Error(404, "EntityNotExist.Role", f"The role does not exist: {name}.")
            return name, account.roles[name]

        def listed_role(name: str, role: StandInRole) -> Dict[str, Any]:
            return {
                "RoleName": name,
                "RoleId": f"3{abs(hash(name)) % 10**17:017d}",
                "Arn": f"acs:ram::{account.account_id}:role/{name}",
                "Description": role.description,
                "MaxSessionDuration": role.max_session_duration,
                "CreateDate": "2024-01-01T00:00:00Z",
                "Tags": {"Tag": [{"TagKey": k, "TagValue": v} for k, v in role.tags.items()]},
            }

        if action == "ListRoles":
            return paged("Roles", "Role", [listed_role(n, r) for n, r in sorted(account.roles.items())])
        if action == "GetRole":
            name, role = role_of(params.get("RoleName", ""))
            return {"Role": {**listed_role(name, role), "AssumeRolePolicyDocument": role.trust}}
        if action == "ListPoliciesForRole":
            return attached(role_of(params.get("RoleName", ""))[1].policies)
        if action == "ListUsers":
            return paged(
                "Users", "User", [{"UserName": n, "UserId": str(i)} for i, n in enumerate(sorted(account.users))]
            )
        if action == "ListGroups":
            return paged("Groups", "Group", [{"GroupName": n} for n in sorted(account.groups)])
        if action in ("ListPoliciesForUser", "ListPoliciesForGroup"):
            kind, key = ("User", account.users) if action.endswith("User") else ("Group", account.groups)
            name = params.get(f"{kind}Name", "")
            if name not in key:
                raise _Error(404, f"EntityNotExist.{kind}", f"The {kind.lower()} does not exist: {name}.")
            return attached(key[name])
        if action == "ListEntitiesForPolicy":
            held = (params.get("PolicyName", ""), params.get("PolicyType", ""))
            if held[1] == "Custom" and held[0] not in account.policies:
                raise _Error(404, "EntityNotExist.Policy", f"The policy does not exist: {held[0]}.")
            return {
                "Roles": {"Role": [{"RoleName": n} for n, r in sorted(account.roles.items()) if held in r.policies]},
                "Users": {"User": [{"UserName": n} for n, p in sorted(account.users.items()) if held in p]},
                "Groups": {"Group": [{"GroupName": n} for n, p in sorted(account.groups.items()) if held in p]},
            }
        if action == "ListPolicies":
            custom = [
                {"PolicyName": n, "PolicyType": "Custom", "DefaultVersion": "v1"} for n in sorted(account.policies)
            ]
            return paged("Policies", "Policy", custom if params.get("PolicyType") != "System" else [])
        if action == "GetPolicy":
            name = params.get("PolicyName", "")
            if params.get("PolicyType") != "Custom" or name not in account.policies:
                raise _Error(404, "EntityNotExist.Policy", f"The policy does not exist: {name}.")
            return {
                "Policy": {"PolicyName": name, "PolicyType": "Custom", "DefaultVersion": "v1", "Description": ""},
                "DefaultPolicyVersion": {
                    "VersionId": "v1",
                    "IsDefaultVersion": True,
                    "PolicyDocument": account.policies[name],
                },
            }
        raise _Error(400, "InvalidAction.NotFound", f"The stand-in does not serve {action}.")

    def _ecs(self, action: str, params: Dict[str, str]) -> Dict[str, Any]:
        account = self.account
        if action == "DescribeRegions":
            regions = [{"RegionId": r, "LocalName": r, "RegionEndpoint": "ecs.aliyuncs.com"} for r in account.regions]
            return {"Regions": {"Region": regions}}
        region = params.get("RegionId", "")
        if region in account.refused_regions:
            # An illustrative code: the commands skip a region on any code but throttling, a
            # refused key or a missing permission.
            raise _Error(403, "Forbidden.RegionId", f"The region {region} is not available to this account.")
        if region not in account.regions:
            raise _Error(404, "InvalidRegionId.NotFound", f"The specified RegionId does not exist: {region}.")
        instances = account.regions[region]
        if action == "DescribeInstances":
            page, token = _page(sorted(instances), params.get("NextToken"), int(params.get("MaxResults") or 10))
            return {
                "Instances": {"Instance": [{"InstanceId": i, "RegionId": region} for i in page]},
                "TotalCount": len(instances),
                "NextToken": token or "",
            }
        if action == "DescribeInstanceRamRole":
            if "InstanceIds" in params:
                asked = json.loads(params["InstanceIds"])
                if len(asked) > 50:
                    raise _Error(400, "InvalidParameter.InstanceIds", "At most 50 instance IDs.")
                held = [(i, instances.get(i)) for i in asked if instances.get(i)]
            elif "RamRoleName" in params:
                held = [(i, r) for i, r in sorted(instances.items()) if r == params["RamRoleName"]]
            else:
                raise _Error(400, "MissingParameter", "InstanceIds or RamRoleName is mandatory for this action.")
            size, number = int(params.get("PageSize") or 10), int(params.get("PageNumber") or 1)
            if size > 50:
                raise _Error(400, "InvalidParameter.PageSize", "PageSize is at most 50.")
            page = held[(number - 1) * size : number * size]
            return {
                "InstanceRamRoleSets": {"InstanceRamRoleSet": [{"InstanceId": i, "RamRoleName": r} for i, r in page]},
                "TotalCount": len(held),
                "RegionId": region,
            }
        raise _Error(400, "InvalidAction.NotFound", f"The stand-in does not serve {action}.")
