"""Whole projects in and out: the REFI-QDA project exchange format (``.qdpx``).

:mod:`.qdpx` reads and writes the file from plain dataclasses (no Flask, no database);
:mod:`.services` turns a discovery into one and one back into notes, findings, tags and
participants; :mod:`.routes` and :mod:`.cli` are the page and the commands.
"""
