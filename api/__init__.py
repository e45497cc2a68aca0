"""The REST API under /api/: thin DRF views over the apps' selectors and services.

It is an interface like the pages: it sits above ``workflows`` and asks ``councils.access``
(the one policy) for every object, as the pages do.
"""
