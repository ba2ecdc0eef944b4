"""OpenAPI description of ``/api/statistics/services/{identifier}/``, added to the portal's
one schema at ``/api/openapi.json`` when the app is ready."""

from __future__ import annotations

from typing import Any

from search.openapi import add_paths

_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_HOURS = {"type": "number", "nullable": True, "minimum": 0}

PATHS: dict[str, Any] = {
    "/api/statistics/services/{identifier}/": {
        "get": {
            "operationId": "serviceStatistics",
            "summary": "Aggregated statistics of one service",
            "description": (
                "Completeness of the register description, satisfaction from page feedback, "
                "request volumes and durations, search demand and link checks. Aggregates "
                "only: no comments, no personal data, no register management data. A "
                "withdrawn service still answers, with withdrawn = true."
            ),
            "parameters": [
                {
                    "name": "identifier",
                    "in": "path",
                    "required": True,
                    "description": "Register identifier of the service, e.g. PAK-0001",
                    "schema": {"type": "string", "maxLength": 128},
                }
            ],
            "responses": {
                "200": {
                    "description": "Statistics",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ServiceStatistics"}
                        }
                    },
                },
                "404": {
                    "description": "Unknown service",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    }
}

SCHEMAS: dict[str, Any] = {
    "ServiceStatistics": {
        "type": "object",
        "required": [
            "identifier",
            "title",
            "institution",
            "withdrawn",
            "completeness",
            "satisfaction",
            "requests",
            "search",
            "links",
        ],
        "properties": {
            "identifier": {"type": "string"},
            "title": {"type": "string"},
            "institution": {"type": "string"},
            "withdrawn": {"type": "boolean"},
            "updated_at": {"type": "string", "format": "date-time", "nullable": True},
            "completeness": {
                "type": "object",
                "required": ["score", "filled", "total", "missing", "stale", "english_missing"],
                "properties": {
                    "score": {"type": "integer", "minimum": 0, "maximum": 100},
                    "filled": {"type": "integer", "minimum": 0},
                    "total": {"type": "integer", "minimum": 0},
                    "missing": {
                        "type": "array",
                        "items": {
                            "type": "string",
                            "enum": [
                                "audience",
                                "channels",
                                "requirements",
                                "cost",
                                "processing-time",
                                "output",
                                "legal-basis",
                                "contacts",
                            ],
                        },
                    },
                    "stale": {"type": "boolean"},
                    "english_missing": {"type": "boolean"},
                    "register_modified": {
                        "type": "string",
                        "format": "date-time",
                        "nullable": True,
                    },
                },
            },
            "satisfaction": {
                "type": "object",
                "required": ["yes", "no", "total", "share"],
                "properties": {
                    "yes": {"type": "integer", "minimum": 0},
                    "no": {"type": "integer", "minimum": 0},
                    "total": {"type": "integer", "minimum": 0},
                    "share": {"type": "number", "nullable": True, "minimum": 0, "maximum": 1},
                },
            },
            "requests": {
                "type": "object",
                "required": ["total", "by_kind", "by_status", "completed"],
                "properties": {
                    "total": {"type": "integer", "minimum": 0},
                    "by_kind": _COUNTS,
                    "by_status": _COUNTS,
                    "completed": {"type": "integer", "minimum": 0},
                    "median_hours": _HOURS,
                    "p90_hours": _HOURS,
                    "due": {
                        "type": "object",
                        "description": "Requests closed against their due date (days late: "
                        "closing date minus due date, negative when early)",
                        "properties": {
                            "closed": {"type": "integer", "minimum": 0},
                            "on_time": {"type": "integer", "minimum": 0},
                            "on_time_percent": {"type": "integer", "nullable": True},
                            "median_days_late": {"type": "number", "nullable": True},
                            "p90_days_late": {"type": "number", "nullable": True},
                        },
                    },
                },
            },
            "search": {
                "type": "object",
                "required": ["queries"],
                "properties": {
                    "queries": {
                        "type": "array",
                        "description": "Queries that led to at least 3 clicks on the service",
                        "items": {
                            "type": "object",
                            "required": ["query", "clicks"],
                            "properties": {
                                "query": {"type": "string"},
                                "clicks": {"type": "integer", "minimum": 1},
                            },
                        },
                    }
                },
            },
            "links": {
                "type": "object",
                "required": ["checked", "broken", "redirected"],
                "properties": {
                    "checked": {"type": "integer", "minimum": 0},
                    "broken": {"type": "integer", "minimum": 0},
                    "redirected": {"type": "integer", "minimum": 0},
                },
            },
        },
    }
}

add_paths(PATHS, SCHEMAS)
