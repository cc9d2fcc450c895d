"""Packaging: the files newsframe reads at run time ship inside the package, so a non-editable install works."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsframe import config

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "lib" / "newsframe"


def test_default_actors_file_is_inside_the_package():
    assert config.ACTORS_FILE.is_file()
    assert config.ACTORS_FILE.resolve().is_relative_to(config.PACKAGE_DIR.resolve())
    assert config.ACTORS_FILE.relative_to(config.PACKAGE_DIR).as_posix() == "data/actors.yml"


def _can_build_without_isolation() -> bool:
    """setuptools 70.1 and later build wheels by themselves; older ones need the ``wheel`` package."""
    import setuptools

    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout (so no build/ or egg-info lands in the working tree)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    (source / "lib").mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        PACKAGE, source / "lib" / "newsframe", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    )
    out = tmp / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    if _can_build_without_isolation():
        command.insert(4, "--no-build-isolation")
    # Otherwise pip builds in an isolated environment with the setuptools pyproject asks for, from the
    # configured package index.
    done = subprocess.run(command, timeout=600, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (built,) = out.glob("newsframe-*.whl")
    return built


def _package_files() -> set[str]:
    """Every file of the package in the checkout, as named inside a wheel."""
    return {
        f"newsframe/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.mark.slow
def test_wheel_holds_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = _package_files()
    templates = {name for name in files if "/templates/" in name}
    assert templates
    assert {"newsframe/data/actors.yml", "newsframe/py.typed", *templates} - names == set()
    assert files - names == set()  # every module and data file ships, nothing is left behind


@pytest.mark.slow
def test_installed_wheel_loads_the_default_actors(wheel, tmp_path):
    """Unpacked wheel first on the path, outside the checkout: the default dictionary still loads."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import newsframe, newsframe.config as c; from newsframe.actors import load_actors; "
        "print(newsframe.__file__); print(len(load_actors()))"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "NEWSFRAME_ROOT": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, timeout=300, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    where, rows = done.stdout.split()
    assert Path(where).is_relative_to(site)
    assert int(rows) > 0
