"""OpenAPI 3 description of the public JSON search API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from catalogue_pages.audiences import AUDIENCES

_FACET_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["value", "count"],
        "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
    },
}

SCHEMA: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Public service search API",
        "version": "1.0.0",
        "description": "Full-text search over the published public services of Latvia.",
    },
    "paths": {
        "/api/search/": {
            "get": {
                "operationId": "searchServices",
                "summary": "Search services",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "description": "Search text; longer than 200 characters is a 400.",
                        "schema": {"type": "string", "maxLength": 200},
                    },
                    {
                        "name": "lang",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["lv", "en"], "default": "lv"},
                    },
                    {
                        "name": "audience",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": list(AUDIENCES),
                        },
                    },
                    {"name": "institution", "in": "query", "schema": {"type": "string"}},
                    {"name": "life_situation", "in": "query", "schema": {"type": "string"}},
                    {"name": "topic", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "online",
                        "in": "query",
                        "description": "`1`, `true` or `on` filters; any other value does not.",
                        "schema": {"type": "string", "example": "1"},
                    },
                    {
                        "name": "free",
                        "in": "query",
                        "description": "`1`, `true` or `on` filters; any other value does not.",
                        "schema": {"type": "string", "example": "1"},
                    },
                    {
                        "name": "sort",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["relevance", "title", "recent"]},
                    },
                    {
                        "name": "from",
                        "in": "query",
                        "description": "The catalogue the search started from: its services "
                        "rank higher (ranking only, never a filter; unknown values are ignored). "
                        "One of: " + ", ".join(AUDIENCES) + ".",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "description": "Result page; past 1000 is a 400.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Results",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/SearchResponse"}
                            }
                        },
                    },
                    "400": {
                        "description": "Invalid parameters",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
        "/api/autocomplete/": {
            "get": {
                "operationId": "autocomplete",
                "summary": "Title suggestions for a partial query",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "description": "Typed text; only its first 100 characters are used.",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "lang",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["lv", "en"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Suggestions",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/AutocompleteResponse"}
                            }
                        },
                    },
                    "400": {
                        "description": "Invalid parameters",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
    },
    "components": {
        "schemas": {
            "SearchResult": {
                "type": "object",
                "required": ["identifier", "title", "url", "snippet", "promoted"],
                "properties": {
                    "identifier": {
                        "type": "string",
                        "description": "Register identifier of the service",
                    },
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "snippet": {"type": "string", "description": "Plain text excerpt"},
                    "kind": {"type": "string", "enum": ["service"]},
                    "promoted": {"type": "boolean"},
                    "institution": {"type": "string"},
                    "is_free": {"type": "boolean"},
                    "is_online": {"type": "boolean"},
                },
            },
            "GuideResult": {
                "type": "object",
                "required": ["identifier", "title", "url", "snippet", "kind"],
                "description": "A life-situation guide that matches well (shown above services)",
                "properties": {
                    "identifier": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "snippet": {"type": "string", "description": "Plain text excerpt"},
                    "kind": {
                        "type": "string",
                        "enum": ["life", "business"],
                        "description": "Life situation or business situation",
                    },
                },
            },
            "SearchResponse": {
                "type": "object",
                "required": [
                    "query",
                    "lang",
                    "total",
                    "page",
                    "pages",
                    "degraded",
                    "results",
                    "facets",
                ],
                "properties": {
                    "query": {"type": "string"},
                    "lang": {"type": "string", "enum": ["lv", "en"]},
                    "total": {"type": "integer", "minimum": 0},
                    "page": {"type": "integer", "minimum": 1},
                    "pages": {"type": "integer", "minimum": 1},
                    "degraded": {"type": "boolean"},
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/SearchResult"},
                    },
                    "guides": {
                        "type": "array",
                        "description": "Guides matching well; on page 1 of a relevance search",
                        "items": {"$ref": "#/components/schemas/GuideResult"},
                    },
                    "did_you_mean": {
                        "type": "string",
                        "description": "A corrected query that finds something, or much "
                        "more; empty when there is none",
                    },
                    "facets": {
                        "type": "object",
                        "required": [
                            "audience",
                            "institution",
                            "life_situation",
                            "topic",
                            "online",
                            "free",
                        ],
                        "properties": {
                            "audience": _FACET_LIST,
                            "institution": _FACET_LIST,
                            "life_situation": _FACET_LIST,
                            "topic": _FACET_LIST,
                            "online": {"type": "integer", "minimum": 0},
                            "free": {"type": "integer", "minimum": 0},
                        },
                    },
                },
            },
            "AutocompleteResponse": {
                "type": "object",
                "required": ["suggestions"],
                "properties": {
                    "suggestions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["identifier", "title", "url"],
                            "properties": {
                                "identifier": {"type": "string"},
                                "title": {"type": "string"},
                                "url": {"type": "string"},
                            },
                        },
                    }
                },
            },
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}},
            },
        }
    },
}


def add_paths(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Let another app document its public JSON endpoints here (one schema for the portal)."""
    SCHEMA["paths"].update(paths)
    SCHEMA["components"]["schemas"].update(schemas)
