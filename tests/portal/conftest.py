from tests.movements.conftest import world  # noqa: F401
