"""Themes area of the synthesis side."""
