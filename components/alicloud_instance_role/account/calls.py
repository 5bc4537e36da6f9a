"""One call to RAM or ECS through Alibaba Cloud's official SDK clients, read-only.

:class:`Calls` builds the clients (``alibabacloud_ram20150501``, ``alibabacloud_ecs20140526``)
with the default credential chain of ``alibabacloud-credentials`` (environment variables, the
``aliyun`` CLI's profile, the credentials file, an ECS instance role, ...), sends only the
List, Get and Describe actions of :data:`READ_ACTIONS`, counts them, and retries ``Throttling.*``
answers with exponential backoff: the SDK does not (a ``Throttling.User`` answer comes back as a
``ClientException`` at once, ``alibabacloud_tea_openapi/client.py`` ``do_request``). Every
failure becomes one :class:`AccountError` line.
"""

import random
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from alibabacloud_credentials.client import Client as CredentialClient
from alibabacloud_credentials.exceptions import CredentialException
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.exceptions import UnretryableException
from darabonba.runtime import RuntimeOptions

from .endpoints import Endpoint

RAM, ECS = "ram", "ecs"

#: Every action the commands call, by service, with the SDK's request model: nothing but List,
#: Get and Describe. docs/account-read-policy.json grants exactly these.
READ_ACTIONS: Dict[str, Dict[str, Any]] = {
    RAM: {
        "ListRoles": ram_models.ListRolesRequest,
        "GetRole": ram_models.GetRoleRequest,
        "ListPoliciesForRole": ram_models.ListPoliciesForRoleRequest,
        "ListPolicies": ram_models.ListPoliciesRequest,
        "GetPolicy": ram_models.GetPolicyRequest,
        "ListEntitiesForPolicy": ram_models.ListEntitiesForPolicyRequest,
        "ListUsers": ram_models.ListUsersRequest,
        "ListPoliciesForUser": ram_models.ListPoliciesForUserRequest,
        "ListGroups": ram_models.ListGroupsRequest,
        "ListPoliciesForGroup": ram_models.ListPoliciesForGroupRequest,
    },
    ECS: {
        "DescribeRegions": ecs_models.DescribeRegionsRequest,
        "DescribeInstances": ecs_models.DescribeInstancesRequest,
        "DescribeInstanceRamRole": ecs_models.DescribeInstanceRamRoleRequest,
    },
}

# Codes that mean the key itself was refused, and codes that mean the caller lacks a permission
# (RAM answers NoPermission; ECS Forbidden.RAM): https://api.aliyun.com/document/Ram/2015-05-01/errorCode
_KEY_REFUSED = ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken", "IncompleteSignature")
_NO_PERMISSION = ("NoPermission", "Forbidden.RAM", "Forbidden.Unauthorized", "Forbidden.AccessDenied")


#: The longest wait a service may ask for that is honoured (darabonba's MAX_DELAY_TIME).
MAX_RETRY_AFTER_MS = 120_000


class AccountError(Exception):
    """A failure reading the account, said in one line (the commands exit 2 with it)."""


class ApiError(AccountError):
    """A service refused one call with an error code other than throttling, a refused key or
    a missing permission (ECS answers so for a region the account cannot use)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Backoff:
    """How throttled calls are retried: ``attempts`` in all, waiting ``first`` seconds, then
    twice as long each time (at most ``longest``), with jitter; a wait the service asks for
    (``x-acs-retry-after``, in milliseconds: the SDK's own retry sleeps it with ``DaraCore.sleep``,
    which takes milliseconds, ``darabonba/core.py`` ``get_backoff_time``) is waited instead when
    longer, up to the SDK's own bound of two minutes."""

    attempts: int = 8
    first: float = 0.2
    longest: float = 10.0

    def wait(self, attempt: int, retry_after_ms: Optional[int]) -> float:
        """Seconds to wait before retry number ``attempt`` (1 for the first retry)."""
        wait: float = min(self.longest, self.first * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        return max(wait, min(float(retry_after_ms or 0), MAX_RETRY_AFTER_MS) / 1000)


def _pascal_to_snake(action: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in action).lstrip("_")


def _code(error: AlibabaCloudException) -> str:
    return str(getattr(error, "code", "") or "")


def _detail(error: AlibabaCloudException) -> str:
    data = getattr(error, "data", None)
    message = data.get("Message") if isinstance(data, dict) else None
    return str(message or getattr(error, "message", "") or "").strip()


class Calls:
    """The RAM and ECS clients of one run, and every call made through them (counted)."""

    def __init__(
        self,
        ram_endpoint: Optional[Endpoint] = None,
        ecs_endpoint: Optional[Endpoint] = None,
        backoff: Backoff = Backoff(),
        credential: Optional[Any] = None,
    ) -> None:
        self.ram_endpoint = ram_endpoint
        self.ecs_endpoint = ecs_endpoint
        self.backoff = backoff
        self.credential = credential if credential is not None else CredentialClient()
        self.count = 0
        self.retries = 0
        self._lock = threading.Lock()
        self._clients: Dict[Tuple[str, str, int], Any] = {}

    def _config(self, endpoint: Optional[Endpoint], region: str) -> Config:
        config = Config(credential=self.credential, region_id=region, connect_timeout=5000, read_timeout=30000)
        if endpoint is not None:
            config.endpoint, config.protocol = endpoint.host, endpoint.protocol
        return config

    def client(self, service: str, region: str = "cn-hangzhou") -> Any:
        """The SDK client for ``service`` in ``region`` (RAM is global: one endpoint, ram.aliyuncs.com,
        unless ``--ram-endpoint``; ECS answers each region at the SDK's endpoint for it, unless
        ``--ecs-endpoint``), one per thread."""
        key = (service, region if service == ECS else "", threading.get_ident())
        with self._lock:
            found = self._clients.get(key)
        if found is None:
            if service == RAM:
                found = RamClient(self._config(self.ram_endpoint, region))
            else:
                found = EcsClient(self._config(self.ecs_endpoint, region))
            with self._lock:
                self._clients[key] = found
        return found

    def where(self, service: str, region: str = "") -> str:
        """The endpoint a service is reached at, as an error names it."""
        endpoint = self.ram_endpoint if service == RAM else self.ecs_endpoint
        if endpoint is not None:
            return str(endpoint)
        host = getattr(self.client(service, region or "cn-hangzhou"), "_endpoint", "?")
        return f"{service.upper()} at https://{host}"

    def call(self, service: str, action: str, region: str = "cn-hangzhou", **parameters: Any) -> Dict[str, Any]:
        """The answer of ``service``'s ``action`` (one of :data:`READ_ACTIONS`) to ``parameters``
        (API names: ``Marker``, ``RegionId``), as the SDK parsed it. Throttling is retried; any
        other failure raises :class:`AccountError` (:class:`ApiError` for an error code of the
        service's own)."""
        request_model = READ_ACTIONS[service][action]
        request = request_model().from_map({key: value for key, value in parameters.items() if value is not None})
        for key, value in vars(request).items():
            if value == []:
                setattr(request, key, None)  # from_map makes absent lists empty, which would be sent as "[]"
        send: Callable[..., Any] = getattr(self.client(service, region), f"{_pascal_to_snake(action)}_with_options")
        name = f"{service}:{action}"
        for attempt in range(1, self.backoff.attempts + 1):
            with self._lock:
                self.count += 1
            try:
                response = send(request, RuntimeOptions(autoretry=False))
            except AlibabaCloudException as error:
                code = _code(error)
                if code.startswith("Throttling") and attempt < self.backoff.attempts:
                    with self._lock:
                        self.retries += 1
                    time.sleep(self.backoff.wait(attempt, getattr(error, "retry_after", None)))
                    continue
                raise self._refusal(service, action, region, code, _detail(error)) from None
            except UnretryableException as error:  # a network failure, or no credentials found
                raise self._failure(service, region, error) from None
            body = response.body.to_map() if response.body is not None else {}
            return dict(body)
        raise AccountError(f"{name}: still throttled after {self.backoff.attempts} attempts")  # pragma: no cover

    def _refusal(self, service: str, action: str, region: str, code: str, detail: str) -> AccountError:
        name = f"{service}:{action}"
        if code.startswith("Throttling"):
            return AccountError(f"{name}: still throttled after {self.backoff.attempts} attempts ({code})")
        if code.startswith(_KEY_REFUSED):
            return AccountError(
                f"{service.upper()} refused the credentials ({code}: {detail}); check the AccessKey the default "
                "credential chain found (ALIBABA_CLOUD_ACCESS_KEY_ID, the aliyun CLI profile, ...)"
            )
        if code in _NO_PERMISSION or code.startswith("Forbidden.RAM"):
            return AccountError(
                f"missing permission {name} ({code}); docs/account-read-policy.json is the read-only policy "
                "that discover and audit need"
            )
        where = f" in {region}" if service == ECS else ""
        return ApiError(f"{name}{where} failed: {code}: {detail}", code)

    def _failure(self, service: str, region: str, error: Exception) -> AccountError:
        inner = getattr(error, "inner_exception", None) or error
        if isinstance(inner, CredentialException):
            return AccountError(f"no credentials: the default credential chain found none ({inner.message})")
        reason = str(getattr(inner, "message", None) or inner or type(inner).__name__)
        if "Caused by " in reason:  # urllib3's "Max retries exceeded ... (Caused by NewConnectionError(...))"
            reason = reason.split("Caused by ", 1)[1].rstrip(")")
        reason = reason.splitlines()[0]
        return AccountError(f"cannot reach {self.where(service, region)}: {reason}")
