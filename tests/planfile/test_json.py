"""The JSON plan format: byte-stable, validated, documented."""

import json
from pathlib import Path

from planea import planfile
from planea.planfile.jsonio import schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plan-format.md"


def test_json_reads_back_to_the_same_plan_and_the_same_bytes(seed_plan):
    text = planfile.to_json(seed_plan)
    again = planfile.from_json(text)
    assert again.to_dict() == seed_plan.to_dict()
    assert planfile.to_json(again) == text


def test_the_seed_in_json_is_valid_against_the_published_schema(seed_plan):
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(json.loads(planfile.to_json(seed_plan)))


def test_a_json_file_is_read_like_any_plan_document(seed_plan, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(planfile.to_json(seed_plan), encoding="utf-8")
    assert planfile.read_path(path).to_dict() == seed_plan.to_dict()


def test_minimal_json_fills_in_the_defaults():
    plan = planfile.from_json(
        '{"title": "P", "year": 2020, "areas": [{"number": 1, "title": "A", "activities": '
        '[{"code": "1.1.i", "key": "1.1.i", "period": "S1", "title": "T"}]}]}'
    )
    (item,) = plan.activities
    assert (plan.language, item.products, item.due, item.targets) == ("es", [], None, [])


def test_the_documentation_carries_the_schema_the_code_checks():
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("```json\n", text.index("## JSON Schema")) + len("```json\n")
    documented = json.loads(text[start : text.index("```", start)])
    assert documented == schema()


def test_the_documentation_names_every_field_of_an_activity():
    text = DOCS.read_text(encoding="utf-8")
    for name in schema()["$defs"]["activity"]["properties"]:
        assert f"`{name}`" in text, name
