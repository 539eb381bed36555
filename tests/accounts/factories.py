"""Accounts test data."""

# The password make_user gives when none is named (the `default_password` fixture).
TEST_PASSWORD = "correct horse battery staple 42"
