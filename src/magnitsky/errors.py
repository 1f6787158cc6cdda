"""The one root of Magnitsky's errors, and the few kinds under it that decide what a front end does.

Every error Magnitsky raises on purpose is a :class:`MagnitskyError` whose message is one line naming
what is wrong and where. The front ends catch the root once: the CLI prints the message and exits 1
(usage errors stay click's, exit 2); the HTTP service answers ``{"detail": message}`` with the status
of the kind (``magnitsky.api.errors``). A module's own class derives from one kind, and from the
built-in base it had before (``ValueError``, ``RuntimeError``), so ``except ValueError`` keeps working::

    MagnitskyError                      anything Magnitsky refuses on purpose           CLI 1, HTTP 400
    ├── InputError (ValueError)         a file, message or query that is malformed           HTTP 400
    │   ├── sources.ParseError          a list file
    │   ├── match.QueryError            a screening query
    │   ├── visa.MrzError, ApplicantError    a passport MRZ, an applicant form
    │   ├── payments.MessageError       a payment message
    │   ├── ownership.OwnershipCsvError an ownership file
    │   ├── batch.BatchError            a batch input or output file
    │   └── api.keys.ApiKeyError        a key name, role or rate
    ├── StateError (ValueError)         well-formed, but the current state does not allow it  HTTP 422
    │   ├── cases.CaseError             a step of an alert's review
    │   ├── registry.RegistryError      a nomination or a step of its workflow (its NotFound,
    │   │                               PermissionDenied, ConflictError, IntegrityError are also
    │   │                               the kinds below, and answer as they do)
    │   └── payments.RegisterError      a release from the frozen-assets register
    ├── NotFoundError                   no such entry, version, alert, reviewer or asset       HTTP 404
    │   └── cases.NotFound
    ├── PermissionDeniedError           the actor may not do this (role, four-eyes)            HTTP 403
    │   └── cases.PermissionDenied
    ├── ConflictError                   it clashes with what was recorded before               HTTP 409
    │   ├── cases.ConflictError         the alert changed since it was read
    │   └── payments.MessageConflict    the message id was decided for other content
    ├── UnavailableError                something it needs is unreachable; later may work    HTTP 503
    │   └── store.DatabaseUnavailable   the database refuses the connection (down, wrong password)
    ├── ConfigurationError (ValueError) the settings or an authority's rule file are wrong     HTTP 500
    │   ├── settings.SettingsError      an environment variable or option
    │   ├── measures.MeasuresTableError
    │   └── payments.JurisdictionRulesError
    ├── store.StoreError (RuntimeError) the list store refuses (nothing loaded, a bad id)     HTTP 400
    └── screening.NoListsError (RuntimeError)  screening with no list loaded                 HTTP 400
"""

from __future__ import annotations


class MagnitskyError(Exception):
    """Something Magnitsky refuses on purpose; the message is the one-line cause, fit for a user."""


class InputError(MagnitskyError, ValueError):
    """A file, message or query is malformed; the message names the field and where it is."""


class StateError(MagnitskyError, ValueError):
    """The request is well formed but the current state of what it acts on does not allow it."""


class NotFoundError(MagnitskyError):
    """What the request names does not exist."""


class PermissionDeniedError(MagnitskyError):
    """The actor is known but may not do this (their role, or four-eyes)."""


class ConflictError(MagnitskyError):
    """The request clashes with something recorded before; retrying it unchanged will not help."""


class UnavailableError(MagnitskyError):
    """Something Magnitsky needs (the database) cannot be reached now; retrying later may work."""


class ConfigurationError(MagnitskyError, ValueError):
    """A setting or an authority's rule file (measures, jurisdictions) is wrong: fix the configuration."""
