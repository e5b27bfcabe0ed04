"""Fixtures for the detect tests: the shipped model, loaded once (hash-checked)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def model():
    from frictionscan.detect.persist import load_model

    return load_model()
