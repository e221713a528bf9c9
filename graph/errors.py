"""One error tree. The command line turns these into one clear line and a non-zero exit."""


class FankgError(Exception):
    """Base of every error a user can cause. The message says what, where and what to do."""

    exit_code = 2


class BadArticle(FankgError):
    """An input article cannot be read or holds no usable text."""


class BadProfile(FankgError):
    """A show profile YAML is malformed."""


class BadCorrections(FankgError):
    """A corrections file is malformed."""


class BadQuery(FankgError):
    """A SPARQL query or its parameters are wrong."""


class BadInput(FankgError):
    """Any other bad argument or path given on the command line."""
