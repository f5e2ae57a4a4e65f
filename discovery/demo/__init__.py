"""The demo discovery that `flask demo-data` loads: written for this project, no real persons."""
