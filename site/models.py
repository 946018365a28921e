"""No models. The module exists because Django sends ``post_migrate`` only to apps
that have one, and corpsite's receivers (corpsite.signals: the content locales and
the staff groups) run on it."""
