"""frictionscan: find friction in client communications before a client walks away.

The data flow is ingest -> clean -> segment -> detect -> aggregate -> report:

>>> import frictionscan as fs                                   # doctest: +SKIP
>>> messages = fs.read("data/samples/mailbox.mbox", internal_domains=["fernwick.io"])  # doctest: +SKIP
>>> scored = fs.score(messages)                                 # doctest: +SKIP
>>> weekly = fs.health(scored, freq="W")                        # doctest: +SKIP

Public API (imported lazily, so ``import frictionscan`` stays fast and loads no model):

* :func:`read` / :func:`iter_read` -- mailboxes, ``.eml``/``.msg``, transcripts, helpdesk exports ->
  the message table (:mod:`frictionscan.schemas`).
* :func:`extract_reply` -- what the sender newly wrote in one body (quotes, signature, disclaimer removed);
  :func:`html_to_text` -- an HTML body as plain text, as the readers see it.
* :func:`score` / :func:`score_sentences` -- six calibrated signal probabilities with evidence.
* :class:`SignalModel` -- the signal model as a scikit-learn estimator
  (:mod:`frictionscan.detect.model`): fit your own on your labelled sentences, save it with
  :func:`frictionscan.detect.persist.save_model`, use it through ``score(model=...)``,
  ``$FRICTIONSCAN_MODELS`` or the spaCy component ``frictionscan_signals``
  (:mod:`frictionscan.detect.spacy_component`); see ``docs/custom_model.md``. :func:`load_model`
  loads a model file.
* :func:`health`, :func:`commitments`, :func:`explain` -- relationship health over time.
* :func:`highlight`, :func:`evidence_table_html`, :func:`html_report`, :func:`plot_health`,
  :func:`plot_signals` -- evidence as escaped HTML, a one-page report, and plots (matplotlib optional: ``pip install "frictionscan[notebooks]"``).
* Errors and warnings (:mod:`frictionscan.errors`): every error is a :class:`FrictionscanError`;
  :class:`LeftOutWarning` when health or commitments leave messages out (no account, time or
  direction), :class:`LanguageWarning` when messages were left unscored for their language.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import FrictionscanError, FrictionscanWarning, LanguageWarning, LeftOutWarning
from .schemas import MESSAGE_COLUMNS, SIGNALS

__version__ = "0.1.0"

# public name -> module that defines it (imported on first use)
_LAZY: dict[str, str] = {
    "read": "frictionscan.ingest.pipeline",
    "iter_read": "frictionscan.ingest.pipeline",
    "extract_reply": "frictionscan.clean",
    "html_to_text": "frictionscan.clean",
    "score": "frictionscan.detect.score",
    "score_sentences": "frictionscan.detect.score",
    "load_model": "frictionscan.detect.persist",
    "SignalModel": "frictionscan.detect.model",
    "health": "frictionscan.aggregate",
    "explain": "frictionscan.aggregate",
    "HealthConfig": "frictionscan.aggregate",
    "commitments": "frictionscan.aggregate",
    "highlight": "frictionscan.report",
    "html_report": "frictionscan.report",
    "evidence_table_html": "frictionscan.report",
    "plot_health": "frictionscan.report",
    "plot_signals": "frictionscan.report",
}

__all__ = [
    "MESSAGE_COLUMNS",
    "SIGNALS",
    "FrictionscanError",
    "FrictionscanWarning",
    "HealthConfig",
    "LanguageWarning",
    "LeftOutWarning",
    "SignalModel",
    "__version__",
    "commitments",
    "evidence_table_html",
    "explain",
    "extract_reply",
    "health",
    "highlight",
    "html_report",
    "html_to_text",
    "iter_read",
    "load_model",
    "plot_health",
    "plot_signals",
    "read",
    "score",
    "score_sentences",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .aggregate import HealthConfig, commitments, explain, health
    from .clean import extract_reply, html_to_text
    from .detect.model import SignalModel
    from .detect.persist import load_model
    from .detect.score import score, score_sentences
    from .ingest.pipeline import iter_read, read
    from .report import evidence_table_html, highlight, html_report, plot_health, plot_signals


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'frictionscan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
