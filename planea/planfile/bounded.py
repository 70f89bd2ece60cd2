"""Reading an uploaded document in a child process, with a time and memory bound.

The checks in `limits` refuse the bombs we know of; a reader can still be
led to spend minutes or gigabytes by a file nobody has thought of yet (a
PDF's content streams, a pathological layout). A web worker must never pay
for that: `read_bytes_bounded` runs `read_bytes` in a child Python process
whose address space and CPU time are capped (resource.setrlimit) and which
is killed after a wall-clock timeout. The child prints the plan in the JSON
plan format; the parent reads it back with `from_json`. Whatever happens to
the child, the caller gets a Plan or a PlanParseError.

Pure Python, no Django, as the rest of the package: the child imports only
`planea.planfile` and the readers' libraries.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from . import readers
from .errors import PlanParseError
from .jsonio import from_json, to_json
from .limits import check_archive
from .model import Plan

TOO_COSTLY = "the document took too long / too much memory to read"
# The child's exit statuses, beyond 0 (a plan on stdout).
_PARSE_ERROR = 2  # a PlanParseError as JSON on stdout
_OUT_OF_MEMORY = 3
# Time for the interpreter to start and import the readers, on top of the
# document's own budget, before the wall-clock timeout kills the child.
_STARTUP_SECONDS = 5.0
# The package's parent directory, so that the child imports this very copy.
_ROOT = str(Path(__file__).resolve().parents[2])


def read_bytes_bounded(
    data: bytes,
    filename: str = "",
    *,
    seconds: float = 30,
    memory_mb: int = 768,
    **hints,
) -> Plan:
    """`read_bytes(data, filename, **hints)`, run in a child process bounded to
    `seconds` of CPU (and a little more of wall-clock time) and `memory_mb`
    of address space. `hints` must be JSON values; they are passed through."""
    source = filename or None
    if data.startswith(b"PK\x03\x04"):
        # Cheap and in-process: a bomb is refused with its own message
        # before a process is started for it.
        check_archive(data, source)
    request = json.dumps(
        {"filename": filename, "hints": hints, "seconds": seconds, "memory_mb": memory_mb}
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])),
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module; data on stdin
            [sys.executable, "-m", "planea.planfile.bounded", request],
            input=data,
            capture_output=True,
            timeout=seconds + _STARTUP_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        # subprocess.run has killed the child and reaped it.
        raise PlanParseError(TOO_COSTLY, source=source) from None
    except OSError as error:
        raise PlanParseError(
            f"the document could not be read ({error.strerror})", source=source
        ) from None
    if done.returncode == 0:
        return from_json(done.stdout.decode("utf-8"), source)
    if done.returncode == _PARSE_ERROR:
        try:
            reported = json.loads(done.stdout)
            raise PlanParseError(reported["message"], reported.get("line"), reported.get("source"))
        except (ValueError, KeyError, TypeError):
            pass
    if done.returncode == _OUT_OF_MEMORY or done.returncode in (
        -signal.SIGXCPU,
        -signal.SIGKILL,
        -signal.SIGSEGV,
    ):
        raise PlanParseError(TOO_COSTLY, source=source)
    detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
    raise PlanParseError(
        "the document could not be read"
        + (f" ({detail[-1][:200]})" if detail else f" (status {done.returncode})"),
        source=source,
    )


def _limit(seconds: float, memory_mb: int) -> None:
    import resource

    cpu = max(1, int(seconds + 0.999))
    # The soft limit sends SIGXCPU; the hard one, a second later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _child(argv: list[str]) -> int:
    """The child: read the request, bound itself, read the document from
    stdin and print it as JSON. No traceback ever reaches the parent as a
    result: a PlanParseError is printed as JSON, anything else is a status."""
    request = json.loads(argv[0])
    # The readers' libraries (imported with this module) and these come in
    # before the bound, which is for the document, not for the interpreter.
    for module in ("docx", "pypdf"):
        with contextlib.suppress(ImportError):
            __import__(module)
    data = sys.stdin.buffer.read()
    _limit(request["seconds"], request["memory_mb"])
    try:
        plan = readers.read_bytes(data, request["filename"], **request["hints"])
        out = to_json(plan)
    except PlanParseError as error:
        sys.stdout.write(
            json.dumps({"message": error.message, "line": error.line, "source": error.source})
        )
        return _PARSE_ERROR
    except MemoryError:
        return _OUT_OF_MEMORY
    except RecursionError:
        sys.stdout.write(json.dumps({"message": "the document nests too deeply to be read"}))
        return _PARSE_ERROR
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
