"""A Pulumi plugin process, run as the Pulumi CLI runs one: the first line it prints is the port
of its gRPC server, and it serves until interrupted. Policy packs and provider plugins alike."""

import os
import select
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, Mapping, Optional, Sequence, Type, Union

import grpc


class PluginStartError(RuntimeError):
    """The plugin did not start; the message holds what it printed."""


@dataclass
class RunningPlugin:
    """A plugin process and a channel to its gRPC server."""

    process: "subprocess.Popen[bytes]"
    port: int
    channel: grpc.Channel


@contextmanager
def running_plugin(
    command: Sequence[Union[str, Path]],
    cwd: Union[str, Path],
    what: str,
    env: Optional[Mapping[str, str]] = None,
    timeout: float = 30.0,
    error: Type[PluginStartError] = PluginStartError,
) -> Iterator[RunningPlugin]:
    """Start ``command`` in ``cwd`` and connect to the port it prints; stop it on exit.

    ``env`` adds to the environment. Raises ``error`` naming ``what`` ("the policy pack"), with
    the plugin's output, when it prints no port within ``timeout`` seconds."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            port = _read_port(process, stderr, timeout, what, error)
            channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            try:
                grpc.channel_ready_future(channel).result(timeout=timeout)
                yield RunningPlugin(process, port, channel)
            finally:
                channel.close()
        finally:
            _stop(process)
            if process.stdout is not None:
                process.stdout.close()


def _read_port(
    process: "subprocess.Popen[bytes]", stderr: IO[bytes], timeout: float, what: str, error: Type[PluginStartError]
) -> int:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else b""
    if line.strip().isdigit():
        return int(line)
    process.kill()
    process.wait()
    stderr.seek(0)
    said = (line + stderr.read()).decode("utf-8", "replace").strip()
    reason = "exited" if ready else f"printed no port within {timeout:g} s"
    raise error(f"{what} {reason} (code {process.returncode}):\n{said}")


def _stop(process: "subprocess.Popen[bytes]") -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)  # plugins stop their server cleanly on KeyboardInterrupt
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
