"""Summaries area of the synthesis side."""
