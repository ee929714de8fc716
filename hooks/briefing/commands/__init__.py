"""The commands an editor runs: ``python -m briefing`` (``cli``) and what it calls."""
