"""Local development: debug on, console e-mail, database search unless ELASTICSEARCH_URL is set."""

from portal.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
