"""Settings of ``bench_http``: the app's own settings, plus one minimal view (``bench_urls``)
served through the same middleware, as the baseline of the ratio."""

from thidua.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
