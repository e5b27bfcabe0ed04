"""Every exception and warning frictionscan raises, in one place.

Two kinds of failure are kept apart:

* **A bad message is data.** A malformed email, a junk file in a folder or a broken transcript cue
  never raises: it becomes a row with ``status="error"`` and a human-readable ``error`` reason
  (see :mod:`frictionscan.schemas`). Counts in = counts out.
* **Misuse is raised.** A path that does not exist, an unknown option, a model file whose hash does
  not match its manifest: these stop the call with one of the exceptions below. Each message says
  what went wrong *and what to do about it*.

Every exception derives from :class:`FrictionscanError` and also from the matching builtin
(``ValueError``, ``FileNotFoundError``...), so existing ``except`` clauses keep working.

Examples
--------
>>> from frictionscan.errors import FrictionscanError, SourceNotFoundError
>>> issubclass(SourceNotFoundError, FileNotFoundError)
True
>>> try:
...     raise SourceNotFoundError("no such file: 'x.mbox'. Check the path.")
... except FrictionscanError as exc:
...     print(exc)
no such file: 'x.mbox'. Check the path.
"""

from __future__ import annotations

__all__ = [
    "ColumnsError",
    "FrictionscanError",
    "FrictionscanWarning",
    "IngestError",
    "InvalidOptionError",
    "LeftOutWarning",
    "MissingDependencyError",
    "ModelIntegrityError",
    "ModelNotFoundError",
    "NotFittedError",
    "OutputError",
    "SourceNotFoundError",
    "UnsupportedFormatError",
]


class FrictionscanError(Exception):
    """Base class of every error frictionscan raises on purpose."""


class InvalidOptionError(FrictionscanError, ValueError):
    """An argument has a value frictionscan does not accept (the message lists the valid ones)."""


class ColumnsError(FrictionscanError, KeyError):
    """A DataFrame passed in lacks columns the function needs (the message names them)."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class IngestError(FrictionscanError, ValueError):
    """A source as a whole cannot be read (single messages never raise: they become error rows)."""


class SourceNotFoundError(IngestError, FileNotFoundError):
    """The path given to :func:`frictionscan.read` does not exist."""


class UnsupportedFormatError(IngestError):
    """A table file that :func:`frictionscan.io.read_table` cannot read back: its name gives none
    of the formats frictionscan writes, or its content is not the format its name says (a Parquet
    file renamed to ``.csv``, a copy cut short); the message lists the formats."""


class OutputError(FrictionscanError, OSError):
    """An output file cannot be written (unwritable folder, unknown extension)."""


class ModelNotFoundError(FrictionscanError, FileNotFoundError):
    """A model file or manifest is missing."""


class ModelIntegrityError(FrictionscanError, ValueError):
    """A model file's sha256 does not match its manifest: it is refused and never unpickled."""


class NotFittedError(FrictionscanError, ValueError, AttributeError):
    """An estimator was used before ``fit`` (same dual inheritance as scikit-learn's)."""


class MissingDependencyError(FrictionscanError, ImportError):
    """An optional dependency is not installed (the message names the extra to install)."""


class FrictionscanWarning(UserWarning):
    """Base class of frictionscan's warnings; filter it to silence them all."""


class LeftOutWarning(FrictionscanWarning):
    """Health or commitments left ok messages out for want of a relationship, timestamp or
    direction, or ``now`` came before all of them; or ok messages they use have no scores (run
    ``fs.score`` on them). The command line prints these counts in its summary instead."""


class LanguageWarning(FrictionscanWarning):
    """Some messages are not in English, which the signal model cannot read: their scores are NaN
    (unknown), not 0 (see :mod:`frictionscan.detect.language`)."""
