"""Core of the Cambodia–Japan briefing site.

The data flows one way: YAML (``loader``) → validated records (``validate``,
``model``) → rendered pages (``pages``, ``render``).  Nothing in this package
imports MkDocs; ``hooks/briefing_hooks.py`` is the only adapter.
"""
