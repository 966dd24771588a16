from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def record_validator() -> jsonschema.Draft202012Validator:
    """The feed's JSON Schema (schema/gov-report-1.schema.json), checking formats too."""
    schema = json.loads((ROOT / "schema" / "gov-report-1.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
