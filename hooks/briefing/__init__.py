"""Core of the Cambodia–Japan briefing site.

The data flows one way: ``dataset`` (YAML → validated, typed records) →
``website`` (records → Markdown pages, downloads and feeds).  Nothing in this
package imports MkDocs; ``hooks/briefing_hooks.py`` is the only adapter.
"""
