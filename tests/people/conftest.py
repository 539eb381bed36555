from tests.access.conftest import client_for, world  # noqa: F401  (the same small world serves both)
