"""Editorial work: the workflow services, history, permissions, verification
round, and loading, importing and exporting fiches."""
