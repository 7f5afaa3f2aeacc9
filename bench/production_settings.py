"""The production settings (from the environment) with the bare view of bench/urls.py."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
