"""Relationship health over time: ``health``, ``explain`` and their :class:`HealthConfig`.

>>> from frictionscan.health import HealthConfig, explain, health
>>> HealthConfig().sla_hours
48.0
"""

from .config import COMPONENTS, HealthConfig
from .core import HEALTH_COLUMNS, health
from .explain import Explanation, explain

__all__ = ["COMPONENTS", "HEALTH_COLUMNS", "Explanation", "HealthConfig", "explain", "health"]
