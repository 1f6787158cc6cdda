"""The roles a reviewer registered in the case store can have, lowest first: named apart from
:mod:`magnitsky.cases.users` (and its database layer) for the command line's help."""

ROLES = ("analyst", "supervisor", "admin")
