"""`planea parse`: the plan on stdout, warnings on stderr, 0 or 2."""

import json
import subprocess
import sys
from pathlib import Path

from planea.planfile.cli import main

from .conftest import SEED


def test_it_prints_the_plan_as_json_and_the_warnings_apart(capsys):
    assert main([str(SEED), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert len([a for area in data["areas"] for a in area["activities"]]) == 44
    assert (
        f"{SEED}:260: warning: activity 5.2.iii follows 5.2.i: 5.2.ii is missing [numbering-gap]"
        in err.splitlines()
    )
    # The 18 irregularities of the seed, and which layout the reader chose.
    assert len(err.splitlines()) == len(data["warnings"]) == 19
    assert (
        f"{SEED}: warning: read as coded lines ('1.1.i- Title' with labelled fields) [layout]"
        in (err.splitlines())
    )


def test_text_format_is_the_canonical_text(capsys):
    assert main([str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PLAN ANUAL DE TRABAJO 2017\n")
    assert "3.2.i- Desarrollo del piloto Ampliar funcionalidad de SIMPLE (Chile)\n" in out


def test_a_document_that_cannot_be_read_exits_2_with_one_line(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main([str(empty)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"planea parse: {empty}: the document is empty\n")


def test_the_console_script_and_python_dash_m_agree(tmp_path):
    console_script = Path(sys.executable).with_name("planea")
    runs = [
        subprocess.run(
            [*command, "parse", str(SEED), "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        for command in ([sys.executable, "-m", "planea"], [str(console_script)])
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout


def test_the_parser_imports_nothing_from_django():
    code = (
        "import sys, planea.planfile, planea.planfile.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
