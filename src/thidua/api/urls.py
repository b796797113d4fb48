from ninja import NinjaAPI

api = NinjaAPI(
    title="thidua API",
    version="1",
    urls_namespace="api",
    description="REST API of thidua: organisation, people, ratings, discipline.",
)
