"""Aggregate stage: scored messages -> relationship health over time, explanations, commitments.

The public functions are re-exported at the top level as ``fs.health``, ``fs.explain``,
``fs.commitments`` and ``fs.HealthConfig``.

>>> from frictionscan.aggregate import HealthConfig, commitments, explain, health
>>> HealthConfig().sla_hours
48.0
"""

from .commitments import COMMITMENT_COLUMNS, commitments
from .config import COMPONENTS, HealthConfig
from .core import HEALTH_COLUMNS, health
from .explain import Explanation, explain

__all__ = [
    "COMMITMENT_COLUMNS",
    "COMPONENTS",
    "HEALTH_COLUMNS",
    "Explanation",
    "HealthConfig",
    "commitments",
    "explain",
    "health",
]
