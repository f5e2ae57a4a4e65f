"""Research notes: a blueprint of the research-notes side."""
