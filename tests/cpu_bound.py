"""Guard against super-linear time on hostile input (test helper).

Not a speed measurement (the benchmarks print those): a crafted input that once took minutes must
finish within a bound generous enough for a loaded CI machine.

>>> quick = within(5.0)
>>> quick(sum, [1, 2, 3])
6
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def within(bound_s: float) -> Callable[..., Any]:
    """A caller of ``fn(*args, **kwargs)`` that fails when the call takes ``bound_s`` CPU seconds
    or more, and otherwise returns its result."""
    def quick(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        out = fn(*args, **kwargs)
        spent = time.process_time() - t
        assert spent < bound_s, f"{getattr(fn, '__name__', fn)} took {spent:.1f} CPU s (bound {bound_s} s)"
        return out
    return quick
