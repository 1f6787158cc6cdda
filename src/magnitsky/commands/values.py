"""Command-line values read without Pydantic where it adds nothing.

Typer checks each parameter's value with a Pydantic ``TypeAdapter`` it builds the first time the
parameter is processed, even for a default of None: every command that was run paid for importing
Pydantic and building a dozen adapters (a fifth of a second of CPU on 2 cores), more than
``magnitsky sources`` spends on its own work. Here a parameter is read as typer would, without an
adapter, where typer's adapter only passes the value on: None (the default of most options), a
str, int or float that already is one (an argument, a default) and has no bounds to check, a path
given as a str (``Path(value)``, as the adapter makes it, then typer's own path checks). Any other
value (a number typed, a list) goes to typer's own coercion, built then, so its checks and messages
stay typer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    """A parameter's coercion: plain where typer's adapter would pass the value on, else typer's."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        info, annotation = self.parameter_info, self.annotation
        if info.parser is None and self.descriptor.file_annotation is None:
            if type(value) is annotation and annotation in (str, int, float) and _within(value, info.min, info.max):
                return value
            if annotation is Path and info.path_type is None and isinstance(value, str):
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            if annotation == list[str] and isinstance(value, list | tuple) and all(type(v) is str for v in value):
                return list(value)
        typers = param._runtime_param = build_runtime_param(self.descriptor)  # kept for later values
        return typers._coerce_value(value, param=param, ctx=ctx)


def _within(value: Any, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def read_plainly(command: Any, ctx: Any) -> None:
    """Give each parameter of ``command`` (and of its subcommands), its --help option too, the
    plain coercion, unless typer has built its own already. ``ctx``: the context the command is
    run in, which names the help option."""
    for param in [*command.params, command.get_help_option(ctx)]:
        if getattr(param, "_runtime_param", False) is None:
            descriptor = param.type_descriptor
            param._runtime_param = _Plain(descriptor.parameter_info, descriptor.annotation, descriptor)
    for subcommand in getattr(command, "commands", {}).values():
        read_plainly(subcommand, ctx)
