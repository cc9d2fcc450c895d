"""environment.yml (conda) and pyproject.toml (pip) must name the same dependencies."""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement

from newsframe.config import ROOT


def _normal(spec: str) -> tuple[str, str]:
    requirement = Requirement(spec)
    return requirement.name.lower().replace("_", "-"), str(requirement.specifier)


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    specs = project["dependencies"] + extras["dev"] + extras["extras"]
    return dict(_normal(s) for s in specs)


def conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = []
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            specs += [s for s in item["pip"] if not s.startswith("-e")]
        elif item.split(">")[0].split("=")[0] not in {"python", "pip"}:
            specs.append(item)
    return dict(_normal(s) for s in specs)


def test_environment_yml_matches_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_environment_yml_uses_conda_forge_only():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert environment["channels"] == ["conda-forge", "nodefaults"]
    assert any(isinstance(item, dict) and "-e ." in item["pip"] for item in environment["dependencies"])
