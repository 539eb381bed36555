import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 takes ~0.4 s a hash; these tests are about the demo data, not the hasher (one test restores it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_region(db):
    """The default demo region: reference data, one user per role, 60 families of the default seed (without the
    front-door activity, which test_activity covers)."""
    from macp.demo.services import build_demo_region

    return build_demo_region(activity=False)
