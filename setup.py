"""The packages the wheel holds: every package under reader/ (found, so a new
one needs no list kept by hand) and the repository's top-level themes/ folder,
installed as the package data `reader.themes`. Everything else about the
distribution is in pyproject.toml; this file exists only because
[tool.setuptools.packages.find] cannot install a folder under another name."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["reader", "reader.*"]), "reader.themes"],
    package_dir={"reader.themes": "themes"},
)
