"""Keeps the search index in step with publishing; indexing errors never break a publish."""
