"""A demo VIRSIS register: CPSV-AP 3.2 content, snapshot builder and HTTP server."""
