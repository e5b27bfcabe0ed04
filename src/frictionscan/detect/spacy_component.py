"""spaCy pipeline component ``frictionscan_signals``: the same model, the spaCy way.

Importing this module registers the factory (so does loading a saved pipeline, through the
``spacy_factories`` entry point). Add it to any pipeline; a blank English one is enough. Without
sentence boundaries it splits with :mod:`frictionscan.segment`, so its values and evidence equal
:func:`frictionscan.score`'s. With a ``sentencizer`` or parser earlier in the pipeline it scores
*those* sentences, and values can differ: spaCy's sentencizer does not break at line breaks, so a
greeting line ("Hi Dana,") and the sentence under it become one sentence::

    >>> import spacy
    >>> import frictionscan.detect.spacy_component  # registers the factory
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("frictionscan_signals")            # doctest: +SKIP
    >>> doc = nlp("Still waiting on the invoice. Sorry, that's on us.")  # doctest: +SKIP
    >>> round(doc._.frictionscan["apology"], 2) > 0.5        # doctest: +SKIP
    True
    >>> [(s.label_, s.text) for s in doc.spans["frictionscan"]]  # doctest: +SKIP
    [('unmet_expectation', 'Still waiting on the invoice.'), ('apology', "Sorry, that's on us.")]

It sets:

* ``doc._.frictionscan`` -- ``{signal: probability}`` for the whole doc (max over sentences, as
  :func:`frictionscan.score`);
* ``span._.frictionscan`` -- ``{signal: probability}`` on every sentence span (``doc.sents`` when
  sentence boundaries are set, and on each evidence span);
* ``doc.spans[spans_key]`` -- evidence: one span per (sentence, signal) whose probability reaches the
  sensitivity threshold, labelled with the signal name; the group's ``attrs`` record the
  sensitivity and thresholds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..schemas import SIGNALS
from ..segment import split_sentences
from .score import _model, _thresholds

__all__ = ["SignalsComponent"]

if not Doc.has_extension("frictionscan"):
    Doc.set_extension("frictionscan", default=None)
if not Span.has_extension("frictionscan"):
    Span.set_extension("frictionscan", default=None)


@Language.factory(
    "frictionscan_signals",
    assigns=["doc._.frictionscan", "span._.frictionscan", "doc.spans"],
    default_config={"spans_key": "frictionscan", "sensitivity": "balanced", "model_path": None},
)
def make_signals_component(
    nlp: Language, name: str, spans_key: str, sensitivity: str, model_path: str | None
) -> SignalsComponent:
    """Factory: ``nlp.add_pipe("frictionscan_signals", config={"sensitivity": "strict"})``."""
    return SignalsComponent(nlp, name, spans_key=spans_key, sensitivity=sensitivity, model_path=model_path)


class SignalsComponent:
    """Sets signal probabilities on Doc/Span extensions and evidence as a span group.

    Parameters
    ----------
    nlp : Language
    name : str
    spans_key : str, default "frictionscan"
        Key of the evidence span group in ``doc.spans``.
    sensitivity : {"loose", "balanced", "strict"}
        Thresholds used for the evidence spans (probabilities are the same whatever the preset).
    model_path : str, optional
        A trusted model file; default the shipped, hash-checked model.
    model : SignalModel, optional
        An already loaded model (wins over ``model_path``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "frictionscan_signals",
        *,
        spans_key: str = "frictionscan",
        sensitivity: str = "balanced",
        model_path: str | None = None,
        model: Any = None,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.sensitivity = sensitivity
        self.model = model if model is not None else _model(model_path)
        self.thresholds = _thresholds(self.model, sensitivity)

    def _sentences(self, doc: Doc) -> list[Span]:
        if doc.has_annotation("SENT_START"):
            return [s for s in doc.sents if s.text.strip()]
        spans = []
        for s, e in split_sentences(doc.text):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return spans

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, stream, batch_size: int = 256):
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        per_doc = [self._sentences(d) for d in docs]
        flat = [s for sents in per_doc for s in sents]
        proba = self.model.predict_proba([s.text for s in flat]) if flat else np.zeros((0, len(SIGNALS)))
        i = 0
        for doc, sents in zip(docs, per_doc, strict=False):
            p = proba[i : i + len(sents)]
            i += len(sents)
            doc._.frictionscan = {s: float(p[:, j].max()) if len(p) else 0.0 for j, s in enumerate(SIGNALS)}
            evidence = []
            for span, row in zip(sents, p, strict=False):
                span._.frictionscan = {s: float(row[j]) for j, s in enumerate(SIGNALS)}
                for j, sig in enumerate(SIGNALS):
                    if row[j] >= self.thresholds[j]:
                        evidence.append(Span(doc, span.start, span.end, label=sig))
            doc.spans[self.spans_key] = evidence  # replaces any earlier group under this key
            doc.spans[self.spans_key].attrs["sensitivity"] = self.sensitivity
            doc.spans[self.spans_key].attrs["thresholds"] = dict(zip(SIGNALS, map(float, self.thresholds), strict=False))
        return docs
