"""The preview server (``briefing serve``) and its last-good-data fallback.

``server`` imports MkDocs; ``last_good`` does not."""
