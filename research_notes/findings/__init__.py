"""Findings: a blueprint of the research-notes side."""
