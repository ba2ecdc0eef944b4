"""The request-level toolbox every app may use, and which imports no app.

What lives here belongs to no domain: reading integers from query strings, the client's
address behind the trusted proxies, per-address rate limits and the sign-in lockout answer,
the public base URL, the Content-Security-Policy directives, metrics instruments, the
database-unavailable answer and the fail-open Redis cache. ``portal/`` is configuration
(settings, root URLs, WSGI, health, middleware wiring) and imports these; no app imports
``portal``. import-linter keeps both rules (pyproject.toml).
"""
