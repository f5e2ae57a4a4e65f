"""Operating the service: backups and restores (``flask --app discovery backup|restore``)."""
