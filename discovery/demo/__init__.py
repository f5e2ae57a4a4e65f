"""The demo discovery that `flask demo-data` loads from data/: written for this project, no real persons."""
