"""The web layer: officers' console, citizen self-service, field registration, REST API.

A thin caller of :mod:`unireg.service` (style.md #1): routes parse requests,
check who is asking (:mod:`unireg.web.security`), call the service, and render
a template or JSON. ``create_app`` in :mod:`unireg.web.app` builds the app.
"""
