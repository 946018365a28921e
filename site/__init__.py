"""The Django project. The folder is site/; it is imported as ``corpsite``.

"site" is a standard-library module, so pyproject.toml maps the folder to this
name (``package-dir``) and ``pip install -e .`` makes it importable.
"""
