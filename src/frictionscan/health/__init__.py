"""Relationship health over time: ``health``, ``explain`` and their :class:`HealthConfig`.

>>> from frictionscan.health import HealthConfig, explain, health
>>> HealthConfig().sla_hours
48.0
"""

import sys
import types
from typing import Any

from .config import COMPONENTS, HealthConfig
from .core import HEALTH_COLUMNS, health
from .explain import Explanation, explain

__all__ = ["COMPONENTS", "HEALTH_COLUMNS", "Explanation", "HealthConfig", "explain", "health"]


class _CallableModule(types.ModuleType):
    """``frictionscan.health`` is both this package and the function: once the package has been
    imported, Python sets ``frictionscan.health`` to the module object, so calling it must still
    compute health (``fs.health(scored, "W")`` works whatever was imported first)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return health(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
