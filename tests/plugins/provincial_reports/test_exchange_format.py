"""The format's documentation and schema agree with each other and with the code (RPT-11)."""
import json
import re
from pathlib import Path

import jsonschema_rs
import pytest

from tests.plugins.provincial_reports import exchange_support as ex

DOC = Path(__file__).resolve().parents[3] / "docs" / "provincial-reports-exchange.md"


@pytest.mark.req("RPT-11")
def test_schema_is_a_valid_draft_2020_12_schema_referenced_by_the_docs():
    schema = ex.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema_rs.meta.is_valid(schema)
    assert "plugins/provincial_reports/schemas/exchange-1.json" in DOC.read_text(encoding="utf-8")


@pytest.mark.req("RPT-11")
def test_every_example_of_the_docs_follows_the_schema():
    from plugins.provincial_reports import exchange

    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    documents = [json.loads(block) for block in blocks]
    assert {d["kind"] for d in documents} == {"regimes", "figures"}
    for document in documents:
        assert ex.schema_errors(document) == []
        assert exchange.read_document(json.dumps(document))[1] == []


@pytest.mark.req("RPT-11")
def test_schema_lists_the_same_choices_as_the_code():
    from platform_core.workflow.models import STATES
    from plugins.provincial_reports import exchange, exchange_regimes, models

    defs = ex.schema()["$defs"]
    assert tuple(defs["indicator"]["properties"]["data_type"]["enum"]) == models.DATA_TYPES
    assert tuple(defs["indicator"]["properties"]["aggregate"]["enum"]) == models.AGGREGATES
    assert tuple(defs["regime"]["properties"]["kind"]["enum"]) == models.KINDS
    assert tuple(defs["regime"]["properties"]["status"]["enum"]) == exchange_regimes.STATUSES
    assert tuple(defs["regime"]["properties"]["frequency"]["enum"]) == exchange.FREQUENCIES
    assert tuple(defs["unitFigures"]["properties"]["status"]["enum"]) == STATES
    assert defs["header"]["properties"]["format"]["const"] == exchange.FORMAT
