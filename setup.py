"""Package layout that pyproject.toml cannot express: the top-level themes/ ships as compiler.themes.

themes/ stays where the default theme is developed (templates, CSS, runtime JS, messages); mapping it
into the package makes it package data of the wheel (found through importlib.resources), and editable
installs map the same import name back onto the folder, so both read one copy.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["compiler", "compiler.*"]), "compiler.themes"],
    package_dir={"compiler.themes": "themes"},
)
