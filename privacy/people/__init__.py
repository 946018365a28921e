"""The privacy officer's tools, one module per operation: find a person and what is
held about them (``search``), export it (``export``), erase it (``erasure``),
rectify it (``rectification``), record their requests (``requests``), and prove
what was done (``audit``). All of them reach other apps' data through the
personal-data registry (``privacy.registry``) only."""
