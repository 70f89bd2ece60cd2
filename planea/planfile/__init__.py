"""Reading annual work plans as they are written.

Pure Python, no Django: `read_path` and `read_bytes` take a .txt/.md, .docx,
.pdf or .json document and return a `Plan`; `parse_text` does the same for
text already in memory; `render_text` writes a plan back in the canonical
text format and `to_json`/`from_json` convert it to and from the documented
JSON plan format (docs/plan-format.md).
"""

from .errors import PlanParseError
from .jsonio import from_json, to_json
from .layouts.choices import Choices
from .model import (
    PERIODS,
    Activity,
    Area,
    Contribution,
    Period,
    Plan,
    PlanWarning,
    Section,
    Target,
)
from .names import organisation_key
from .parser import parse_text
from .readers import read_bytes, read_choices, read_path
from .render import render_text

__all__ = [
    "PERIODS",
    "Activity",
    "Area",
    "Choices",
    "Contribution",
    "Period",
    "Plan",
    "PlanParseError",
    "PlanWarning",
    "Section",
    "Target",
    "from_json",
    "organisation_key",
    "parse_text",
    "read_bytes",
    "read_choices",
    "read_path",
    "render_text",
    "to_json",
]
