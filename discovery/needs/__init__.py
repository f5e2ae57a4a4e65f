"""Needs area of the synthesis side."""
