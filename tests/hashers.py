"""A cheap password hasher for accounts that tests create.

Its hashes are ordinary "pbkdf2_sha256" hashes with few iterations, so that an
app server started by a test with the real settings verifies them as well.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FewIterationsPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1000
