"""A test-only app with one model holding personal data, installed by the test
settings only: the registry test shows that registering it (``personal_data.py``)
is all a new model needs to be reached by every privacy operation."""
