"""Demo data and stand-ins for external systems (not part of the portal itself)."""
