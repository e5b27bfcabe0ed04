"""Detect friction and repair signals: six calibrated probabilities per sentence and message.

* :func:`frictionscan.detect.score.score` / :func:`~frictionscan.detect.score.score_sentences` --
  the fast scoring path (also ``frictionscan.score`` / ``frictionscan.score_sentences``);
* :func:`frictionscan.detect.persist.load_model` -- the shipped, sha256-checked model;
* :mod:`frictionscan.detect.spacy_component` -- the ``frictionscan_signals`` spaCy factory;
* :class:`frictionscan.detect.model.SignalModel` -- the scikit-learn estimator;
* :mod:`frictionscan.detect.training` / :mod:`frictionscan.detect.evaluation` -- behind
  ``python -m frictionscan.train`` and ``python -m frictionscan.evaluate``;
* :mod:`frictionscan.detect.dates` -- due dates of commitments.

Submodules are imported on use, so ``import frictionscan.detect`` loads no model.
"""
