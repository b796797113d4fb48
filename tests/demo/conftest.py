"""Fixtures of the demo tests: the demo loaded once per module."""

import pytest
from django.db import transaction

from thidua.demo.loader import load_demo


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    return _demo_loaded
