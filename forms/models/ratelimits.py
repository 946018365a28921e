"""The counters of the rate limits when the cache is not Redis."""

from django.db import models


class RateLimitCounter(models.Model):
    """Hits of one scope from one address in the current window, counted by one
    atomic SQL statement (forms.antispam). The key is a keyed hash: no address."""

    key = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    # Unix time at which the window ends (an integer: the same SQL on every database).
    expires = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return "Rate-limit counter"
