"""Papers on A4 (PDF), for every app that prints: a leaf package that imports nothing of the project."""
