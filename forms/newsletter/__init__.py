"""The newsletter, side by side: ``models`` (sign-up page, subscribers, suppressed
addresses, issues, sendings), ``tokens`` (signed links), ``services`` (double opt-in,
unsubscribe, suppression, import), ``selectors`` (who sees which subscribers),
``sending`` (emails and issues in batches), ``tasks``, ``views`` and ``urls`` (what a
visitor sees), ``permissions`` and ``viewsets`` (the staff screens). The models belong
to the ``forms`` app (``forms.models`` imports them); the management commands are in
``forms/management/commands``."""
