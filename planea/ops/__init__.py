"""Operating a Planea site: backup and restore of its database and stored files."""
