"""The base layer: what several apps share (the site's base page, its body blocks
and rich-text features, the client's address, the origin check, the rate limits,
private storage, spreadsheet escaping). It sits below pages, forms and privacy and
imports none of them (an import-linter contract in pyproject.toml keeps it so)."""
