"""Mocks and runners for testing Pulumi programs that use this package, without a cloud or the
Pulumi CLI: run a program or a whole project under the SDK's mocks and read what it registered."""

from .predict import ACCOUNT_PLACEHOLDER, Prediction, predict
from .runner import (
    SECRET_PLACEHOLDER,
    ConfigFileError,
    RecordingMocks,
    RecordingMonitor,
    Registration,
    RunResult,
    StackConfig,
    load_stack_config,
    run_program,
    run_project,
)

__all__ = [
    "ACCOUNT_PLACEHOLDER",
    "SECRET_PLACEHOLDER",
    "ConfigFileError",
    "Prediction",
    "RecordingMocks",
    "RecordingMonitor",
    "Registration",
    "RunResult",
    "StackConfig",
    "load_stack_config",
    "predict",
    "run_program",
    "run_project",
]
