"""Ingest stage: sources on disk -> the canonical message table (see :mod:`frictionscan.schemas`)."""
