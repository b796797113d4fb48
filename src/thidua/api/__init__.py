"""The REST API under /api/v1/ (django-ninja). A thin surface over the domain apps' services
and visibility queries; see ../shared/API.md for the stable contract."""
