"""Findings from a spreadsheet: an upload page, a review page and `flask import-findings`."""
