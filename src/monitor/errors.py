"""Errors the CLI turns into one clear line and an exit code."""


class MonitorError(Exception):
    """Base class for errors the user can act on."""

    exit_code = 1


class InputError(MonitorError):
    """Bad input: unreadable, corrupt, changed or invalid data (exit 2)."""

    exit_code = 2
