"""unireg: a registry of universal social security coverage.

The core packages follow the pipeline: ``ingest`` → ``validate`` → ``link`` →
``registry`` → ``coverage`` → ``export``; ``rules`` holds the country rules,
``generate`` the synthetic country, ``engine`` the backends. ``cli`` is a thin
caller and is never imported by the core.
"""

__version__ = "0.1.0"
