"""Read an account's roles, policies, users, groups and instance bindings, read-only.

RAM lists are paged by ``Marker``/``IsTruncated``; ``DescribeInstances`` by ``NextToken`` and
``DescribeInstanceRamRole`` by ``PageNumber``/``TotalCount``. Calls per role, per policy, per
principal and per region run on a bounded pool of threads. Which instances hold a role comes
from listing each region's instances and asking DescribeInstanceRamRole about them 50 at a time
(it needs ``InstanceIds`` or ``RamRoleName``, and takes at most 50 IDs:
https://api.aliyun.com/document/Ecs/2014-05-26/DescribeInstanceRamRole): a region costs calls by
its instances, not by the account's roles. A region that refuses the calls is skipped and named
in :attr:`~.model.Account.skipped_regions`. When only instance roles are read (discover), who
else holds their Custom policies comes from ListEntitiesForPolicy, so a policy shared with a
role that was not read is still known as shared.
"""

import json
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar, Union

from tqdm import tqdm

from .calls import ECS, RAM, ApiError, Calls
from .model import CUSTOM, Account, Attached, Binding, CustomPolicy, Principal, Role

T = TypeVar("T")
R = TypeVar("R")

#: Items per page asked of RAM (at most 1,000) and ECS (DescribeInstances: 100; DescribeInstanceRamRole: 50).
RAM_PAGE = 100
INSTANCES_PAGE = 100
BINDINGS_PAGE = 50
#: Calls in flight at once.
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class Scope:
    """What to read: ``regions`` (None: every region DescribeRegions lists), ``role_names``
    (None: every role), ``instance_roles_only`` (discover) or every role and Custom policy
    (audit)."""

    regions: Optional[Sequence[str]] = None
    role_names: Optional[Sequence[str]] = None
    instance_roles_only: bool = True


def _listed(body: Dict[str, Any], outer: str, inner: str) -> List[Dict[str, Any]]:
    items = (body.get(outer) or {}).get(inner) or []
    return list(items)


class Reader:
    """One read of an account through ``calls``, ``concurrency`` calls at a time, showing
    progress on ``progress`` (stderr) only when it is a terminal."""

    def __init__(self, calls: Calls, concurrency: int = DEFAULT_CONCURRENCY, progress: Any = None) -> None:
        self.calls = calls
        self.concurrency = concurrency
        stream = progress if progress is not None else sys.stderr
        self.stream = stream
        self.show_progress = bool(getattr(stream, "isatty", lambda: False)())

    def _each(self, label: str, items: Sequence[T], read: Callable[[T], R]) -> List[R]:
        """``read`` of every item, on the pool, in order; the first failure stops the rest."""
        results: List[R] = []
        with tqdm(total=len(items), desc=label, file=self.stream, disable=not self.show_progress, leave=False) as bar:
            pool = ThreadPoolExecutor(max_workers=self.concurrency)
            futures: List[Future[R]] = [pool.submit(read, item) for item in items]
            try:
                for future in futures:
                    results.append(future.result())
                    bar.update(1)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        return results

    def _ram_pages(self, action: str, outer: str, inner: str, **parameters: Any) -> Iterable[Dict[str, Any]]:
        marker: Optional[str] = None
        while True:
            body = self.calls.call(RAM, action, MaxItems=RAM_PAGE, Marker=marker, **parameters)
            yield from _listed(body, outer, inner)
            marker = body.get("Marker")
            if not body.get("IsTruncated") or not marker:
                return

    def read(self, scope: Scope) -> Account:
        """The account, as far as ``scope`` asks."""
        account = Account()
        listed = list(self._ram_pages("ListRoles", "Roles", "Role"))
        if scope.role_names is not None:
            wanted = set(scope.role_names)
            listed = [item for item in listed if item.get("RoleName") in wanted]
        roles = self._each("roles", listed, self._role)
        if scope.instance_roles_only:
            roles = [role for role in roles if role.is_instance_role]
        policies = self._each("role policies", [role.name for role in roles], self._role_policies)
        for role, attached in zip(roles, policies, strict=True):
            role.policies = attached
        account.roles = roles
        users = [Principal("user", item["UserName"]) for item in self._ram_pages("ListUsers", "Users", "User")]
        groups = [Principal("group", item["GroupName"]) for item in self._ram_pages("ListGroups", "Groups", "Group")]
        principals = users + groups
        attachments = self._each("users and groups", principals, self._principal_policies)
        for principal, attached in zip(principals, attachments, strict=True):
            principal.policies = attached
        account.principals = principals
        holders: List[Union[Role, Principal]] = [*roles, *principals]
        custom = {a.name for holder in holders for a in holder.policies if a.type == CUSTOM}
        if scope.instance_roles_only:
            # Not every role's policies were listed: ask RAM who else holds the instance roles'.
            theirs = sorted({a for role in roles for a in role.policies if a.type == CUSTOM}, key=lambda a: a.name)
            account.holders = dict(zip(theirs, self._each("shared policies", theirs, self._holders), strict=True))
        if not scope.instance_roles_only:
            listed_policies = self._ram_pages("ListPolicies", "Policies", "Policy", PolicyType=CUSTOM)
            custom |= {item["PolicyName"] for item in listed_policies}
        documents = self._each("policies", sorted(custom), self._policy)
        account.policies = {policy.name: policy for policy in documents if policy is not None}
        regions = list(scope.regions) if scope.regions else self._regions()
        account.regions = regions
        for region, found in zip(regions, self._each("regions", regions, self._bindings), strict=True):
            if isinstance(found, str):
                account.skipped_regions[region] = found
            else:
                account.bindings += found
        return account

    def _role(self, item: Dict[str, Any]) -> Role:
        name = item["RoleName"]
        detail = self.calls.call(RAM, "GetRole", RoleName=name).get("Role") or {}
        tags = {tag.get("TagKey", ""): tag.get("TagValue", "") for tag in _listed(item, "Tags", "Tag")}
        duration = detail.get("MaxSessionDuration", item.get("MaxSessionDuration"))
        return Role(
            name=name,
            arn=str(item.get("Arn") or detail.get("Arn") or ""),
            trust=str(detail.get("AssumeRolePolicyDocument") or ""),
            description=str(detail.get("Description", item.get("Description")) or ""),
            max_session_duration=int(duration) if duration is not None else None,
            tags=tags,
        )

    def _role_policies(self, role_name: str) -> List[Attached]:
        body = self.calls.call(RAM, "ListPoliciesForRole", RoleName=role_name)
        return [Attached(p["PolicyName"], p["PolicyType"]) for p in _listed(body, "Policies", "Policy")]

    def _principal_policies(self, principal: Principal) -> List[Attached]:
        if principal.kind == "user":
            body = self.calls.call(RAM, "ListPoliciesForUser", UserName=principal.name)
        else:
            body = self.calls.call(RAM, "ListPoliciesForGroup", GroupName=principal.name)
        return [Attached(p["PolicyName"], p["PolicyType"]) for p in _listed(body, "Policies", "Policy")]

    def _holders(self, policy: Attached) -> List[Tuple[str, str]]:
        body = self.calls.call(RAM, "ListEntitiesForPolicy", PolicyName=policy.name, PolicyType=policy.type)
        found = [("role", item["RoleName"]) for item in _listed(body, "Roles", "Role")]
        found += [("user", item["UserName"]) for item in _listed(body, "Users", "User")]
        return found + [("group", item["GroupName"]) for item in _listed(body, "Groups", "Group")]

    def _policy(self, name: str) -> Optional[CustomPolicy]:
        try:
            body = self.calls.call(RAM, "GetPolicy", PolicyName=name, PolicyType=CUSTOM)
        except ApiError as error:
            if error.code == "EntityNotExist.Policy":
                return None  # deleted between the listing and this call
            raise
        policy = body.get("Policy") or {}
        version = body.get("DefaultPolicyVersion") or {}
        return CustomPolicy(name, str(version.get("PolicyDocument") or ""), str(policy.get("Description") or ""))

    def _regions(self) -> List[str]:
        body = self.calls.call(ECS, "DescribeRegions")
        return sorted(item["RegionId"] for item in _listed(body, "Regions", "Region") if item.get("RegionId"))

    def _bindings(self, region: str) -> Any:
        """The bindings of ``region``, or why the region could not be read (a string)."""
        try:
            instances: List[str] = []
            token: Optional[str] = None
            while True:
                body = self.calls.call(
                    ECS, "DescribeInstances", region, RegionId=region, MaxResults=INSTANCES_PAGE, NextToken=token
                )
                instances += [item["InstanceId"] for item in _listed(body, "Instances", "Instance")]
                token = body.get("NextToken")
                if not token:
                    break
            found: List[Binding] = []
            for start in range(0, len(instances), BINDINGS_PAGE):
                found += self._bound(region, instances[start : start + BINDINGS_PAGE])
            return found
        except ApiError as error:
            return str(error)

    def _bound(self, region: str, instance_ids: List[str]) -> List[Binding]:
        found: List[Binding] = []
        page = 1
        while True:
            body = self.calls.call(
                ECS,
                "DescribeInstanceRamRole",
                region,
                RegionId=region,
                InstanceIds=json.dumps(instance_ids),
                PageSize=BINDINGS_PAGE,
                PageNumber=page,
            )
            items = _listed(body, "InstanceRamRoleSets", "InstanceRamRoleSet")
            found += [Binding(i["InstanceId"], i["RamRoleName"], region) for i in items if i.get("RamRoleName")]
            if not items or page * BINDINGS_PAGE >= int(body.get("TotalCount") or 0):
                return found
            page += 1
