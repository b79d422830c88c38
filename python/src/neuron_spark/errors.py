"""Java errors as Python exceptions: the Java message, without the Java stack trace in front."""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar, cast

from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException

F = TypeVar("F", bound=Callable[..., Any])


class NeuronError(ValueError):
    """Neuron (or Spark) refused a call: bad input, a bad param value, an unreadable model.

    ``str(e)`` is the Java message of the innermost cause that has one; ``java_class`` names that
    exception's class. The Java stack trace is not part of it (``java_exception`` still holds the
    Py4J object when there was one).
    """

    def __init__(self, message: str, java_class: str, java_exception: Optional[Any] = None):
        super().__init__(message)
        self.java_class = java_class
        self.java_exception = java_exception


def _root_message(throwable: Any) -> tuple[str, str]:
    """(class name, message) of the innermost cause with a message."""
    best = (throwable.getClass().getName(), throwable.getMessage())
    seen = 0
    cause = throwable.getCause()
    while cause is not None and seen < 20:
        if cause.getMessage():
            best = (cause.getClass().getName(), cause.getMessage())
        cause = cause.getCause()
        seen += 1
    return best[0], best[1] or best[0]


def from_java(e: BaseException) -> NeuronError:
    """The :class:`NeuronError` for a Py4J or PySpark-captured Java exception."""
    if isinstance(e, Py4JJavaError):
        cls, message = _root_message(e.java_exception)
        return NeuronError(message, cls, e.java_exception)
    if isinstance(e, CapturedException):
        origin = getattr(e, "_origin", None)
        if origin is not None:
            cls, message = _root_message(origin)
            return NeuronError(message, cls, origin)
        return NeuronError(e.getMessage() or str(e), type(e).__name__)
    raise TypeError(f"not a Java exception: {e!r}")


def java_errors(fn: F) -> F:
    """Calls ``fn``, turning a Java exception into :class:`NeuronError` (no chained traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (Py4JJavaError, CapturedException) as e:
            raise from_java(e) from None

    return cast(F, wrapper)
