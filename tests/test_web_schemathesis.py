"""Schemathesis fuzzes the JSON API from its own OpenAPI document (ASGI, no network):
no server error, and every response matches its declared schema and status codes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from test_report_sample import hostile_analysis
from test_web_app import seed_store

from storylens.settings import Settings
from storylens.web import create_app

schemathesis = pytest.importorskip("schemathesis")


# Built at import (schemathesis parametrizes at collection); the directory is removed when
# the interpreter exits (TemporaryDirectory's finalizer).
_TMP = tempfile.TemporaryDirectory(prefix="storylens-fuzz-")
_DB = Path(_TMP.name) / "fuzz.db"
seed_store(_DB, hostile_analysis())
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_DB, Settings()))


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_api_fuzz(case: object) -> None:
    case.call_and_validate()  # type: ignore[attr-defined]
