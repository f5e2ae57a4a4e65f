"""Backlog area of the synthesis side."""
