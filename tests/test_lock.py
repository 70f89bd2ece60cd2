"""The lock files that `make` installs from agree with pyproject.toml, and with each other."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "lock.txt"
TEST_LOCK = ROOT / "requirements" / "lock-test.txt"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            name, _, version = line.split()[0].partition("==")
            pins[canonicalize_name(name.split("[")[0])] = version
    return pins


def _unmet(requirements: list[str], pins: dict[str, str]) -> list[str]:
    unmet = []
    for text in requirements:
        requirement = Requirement(text)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{text} (locked: {version})")
    return unmet


def test_every_runtime_dependency_is_locked_at_a_version_pyproject_admits() -> None:
    assert _unmet(_project()["dependencies"], _pins(RUNTIME_LOCK)) == [], "run `make lock`"


def test_every_test_dependency_is_locked_at_a_version_pyproject_admits() -> None:
    project = _project()
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    assert _unmet(requirements, _pins(TEST_LOCK)) == [], "run `make lock`"


def test_the_two_locks_pin_the_same_versions() -> None:
    runtime, test = _pins(RUNTIME_LOCK), _pins(TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_locks_pin_names_versions_and_hashes_only() -> None:
    # Nothing of one machine's pip configuration: no local folders or indexes.
    for path in (RUNTIME_LOCK, TEST_LOCK):
        text = path.read_text(encoding="utf-8")
        for machine_specific in ("file:", "--find-links", "-index-url", "\n-e "):
            assert machine_specific not in text, f"{path.name}: {machine_specific}"
        assert text.count("==") <= text.count("--hash=sha256:"), f"{path.name}: a pin has no hash"
