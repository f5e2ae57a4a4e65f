"""Offline theme engine: segment, redact, embed, cluster, label, suggest tags, draft needs.

A pure library: plain Python lists in, numpy arrays and frozen dataclasses out; no Flask, no
database (an import-linter contract checks this). Submodules are imported on demand so that,
for example, the transcript importer can use :mod:`nlp.redact` without loading scikit-learn.

Modules: ``segment``, ``redact``, ``pipeline`` (shared spaCy pipeline), ``embed``, ``cluster``,
``label``, ``project`` (2-D theme map), ``tags``, ``needs``, ``evaluate`` (CLI), ``bench`` (CLI).
"""
