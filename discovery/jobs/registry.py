"""Which tasks an app can run: registered by each area, with a typed payload and a capability.

Tasks are registered explicitly (each area's ``register_tasks(app)`` calls :func:`register`),
never as a side effect of importing a module, so the web process and an RQ worker that builds
the app with ``create_app`` know exactly the same tasks.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:
    from discovery.core.models import Job
    from discovery.jobs.runner import JobContext

EXTENSION = "discovery.jobs"


class UnknownTaskError(KeyError):
    """No task of that kind is registered with this app."""


class PayloadError(ValueError):
    """A payload does not fit its task's payload type (checked before anything is queued)."""


@dataclass(frozen=True)
class JobResult:
    """What a task returns: a reference to the thing it made, saved with status "succeeded"."""

    type: str | None = None
    id: str | uuid.UUID | None = None
    data: dict = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class EmptyPayload:
    """For tasks that need nothing but the discovery and the person who asked."""


@dataclass(frozen=True)
class Task:
    """A kind of background job.

    ``run(ctx)`` does the work: it reads what it needs, reports progress with
    ``ctx.progress``, and makes its writes in ``ctx.session``, which commits once, at the end,
    with the job's success. It may return a :class:`JobResult`.

    ``capability`` is checked again inside the worker, against the person who asked, before
    the task runs (``None``: only that the account is still active). ``result_url(job)``
    gives the page a link to what the job made.
    """

    kind: str
    run: Callable[[JobContext], JobResult | None]
    title: Any
    payload_type: type = EmptyPayload
    capability: str | None = "view_discovery"
    result_url: Callable[[Job], str | None] | None = None
    result_label: Any = None
    """What the link to the result says ("Download the file"); "See the result" when None."""


def register(app: Flask, task: Task) -> Task:
    """Make ``task`` runnable in ``app`` (and in workers built by the same factory)."""
    if not dataclasses.is_dataclass(task.payload_type):
        raise TypeError(f"The payload of task {task.kind!r} must be a dataclass")
    tasks: dict[str, Task] = app.extensions.setdefault(EXTENSION, {})
    if task.kind in tasks and tasks[task.kind] is not task:
        raise ValueError(f"A task called {task.kind!r} is already registered")
    tasks[task.kind] = task
    return task


def unregister(app: Flask, kind: str) -> None:
    """Forget a task (tests that register their own)."""
    app.extensions.get(EXTENSION, {}).pop(kind, None)


def get_task(kind: str, app: Flask | None = None) -> Task:
    tasks = (app or current_app).extensions.get(EXTENSION, {})
    if kind not in tasks:
        raise UnknownTaskError(f"No background task called {kind!r}")
    return tasks[kind]


def task_or_none(kind: str) -> Task | None:
    return current_app.extensions.get(EXTENSION, {}).get(kind)


_SIMPLE = (str, int, float, bool, type(None))


def _accepts(hint: Any, value: Any) -> bool:
    """A small runtime type check for JSON-shaped payload fields."""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(hint))
    if origin in (list, tuple):
        (inner, *_rest) = typing.get_args(hint) or (Any,)
        return isinstance(value, list | tuple) and all(_accepts(inner, v) for v in value)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type) and hint in _SIMPLE:
        return isinstance(value, hint)
    return False


def payload_to_dict(task: Task, payload: object | None) -> dict:
    """Validate a payload for ``task`` and return its JSON form; raises PayloadError."""
    if payload is None:
        payload = payload_from_dict(task, {})
    elif isinstance(payload, dict):
        payload = payload_from_dict(task, payload)
    elif not isinstance(payload, task.payload_type):
        raise PayloadError(f"Task {task.kind!r} takes a {task.payload_type.__name__}, not {type(payload)!r}")
    data = dataclasses.asdict(payload)
    hints = typing.get_type_hints(task.payload_type)
    for name, value in data.items():
        if not _accepts(hints.get(name, Any), value):
            raise PayloadError(f"{task.payload_type.__name__}.{name} cannot be {value!r}")
    return data


def payload_from_dict(task: Task, data: dict) -> object:
    """Rebuild the typed payload from its stored JSON (its ``__post_init__`` validates it)."""
    names = {f.name for f in dataclasses.fields(task.payload_type)}
    unknown = set(data) - names
    if unknown:
        raise PayloadError(f"{task.payload_type.__name__} has no fields {sorted(unknown)}")
    try:
        return task.payload_type(**data)
    except (TypeError, ValueError) as exc:
        raise PayloadError(str(exc)) from exc
