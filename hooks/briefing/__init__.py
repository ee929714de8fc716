"""Core of the Cambodia–Japan briefing site.

The data flows one way: the inputs (``dataset`` for ``data/``, ``docs_pages`` and
``references`` for ``docs/``) → ``website`` (records → Markdown pages, downloads
and feeds).  ``commands`` holds the command line and ``preview`` the preview
server.  Only ``preview.server`` imports MkDocs in this package; the other
adapter is ``hooks/briefing_hooks.py``.
"""
