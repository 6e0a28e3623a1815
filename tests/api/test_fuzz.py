"""Schema-driven fuzz: every operation of the app's own OpenAPI, no 500s, answers as declared.

Bounded (a handful of examples per operation) so it stays well under a minute. The live stream
is left out: without ``duration`` it is meant to stay open; the stream has its own tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

schemathesis = pytest.importorskip("schemathesis")
from api_harness import make_api  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

_STORE = Path(tempfile.mkdtemp(prefix="tamga-fuzz-")) / "tamga.sqlite"
_API = make_api(f"sqlite:///{_STORE}", small_lists=True)
_HEADERS = _API.headers("admin")

schema = schemathesis.openapi.from_asgi("/openapi.json", _API.app).exclude(path="/api/v1/stream")
# the coverage phase would post boundary batches of 10,000+ generated events: the batch
# limit has its own test, so the fuzz keeps to the examples and fuzzing phases
schema.config.phases.coverage.enabled = False
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
_FAST = settings(
    max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@schema.exclude(path="/api/v1/events", method="POST").parametrize()
@_FAST
def test_the_api_survives_its_own_schema(case: schemathesis.Case) -> None:
    if case.path == "/api/v1/tokens/{token_id}" and case.method == "DELETE":
        case.path_parameters = {"token_id": "not-a-real-token"}  # keep the fuzz's admin alive
    case.call_and_validate(headers=_HEADERS, checks=CHECKS)


@schema.include(path="/api/v1/events", method="POST").parametrize()
@settings(_FAST, max_examples=10)
def test_capture_survives_generated_event_batches(case: schemathesis.Case) -> None:
    """The event vocabulary's schema is large, so fewer (but deep) examples."""
    case.call_and_validate(headers=_HEADERS, checks=CHECKS)
