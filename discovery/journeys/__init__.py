"""Journeys area of the synthesis side."""
