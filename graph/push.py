"""Send the graph to a SPARQL server with the SPARQL 1.1 Graph Store Protocol.

``PUT`` replaces one named graph, ``POST`` adds to it; the server (Oxigraph, Fuseki, GraphDB,
Virtuoso, ...) then hosts the graph for many users and answers SPARQL queries over HTTP.
The endpoint is the server's Graph Store URL, for example ``http://localhost:7878/store``
for ``oxigraph serve`` or ``http://localhost:3030/DATASET/data`` for Fuseki (see
docs/deployment.md). Credentials, when the server wants them, go in the URL
(``https://user:password@host/...``) and are sent as HTTP Basic authentication.

>>> graph_store_url("http://localhost:7878/store", "https://example.org/g/1")
'http://localhost:7878/store?graph=https%3A%2F%2Fexample.org%2Fg%2F1'
>>> graph_store_url("http://localhost:7878/store", DEFAULT_GRAPH)
'http://localhost:7878/store?default'
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import BadInput, FankgError

#: ``--graph default``: the server's default graph instead of a named one.
DEFAULT_GRAPH = "default"
NTRIPLES = "application/n-triples"


class PushFailed(FankgError):
    """The server could not be reached or refused the graph."""


@dataclass(frozen=True)
class Pushed:
    endpoint: str
    graph: str
    triples: int
    replaced: bool
    status: int


def default_graph_iri(build) -> str:
    """The named graph a build goes to unless ``--graph`` says otherwise: one per show."""
    from .namespace import DEFAULT_BASE

    return f"{DEFAULT_BASE}graph/{build.name}"


def graph_store_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one graph: ``?graph=IRI`` or ``?default``."""
    query = "default" if graph == DEFAULT_GRAPH else "graph=" + quote(graph, safe="")
    sep = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{query}"


def check_graph_iri(graph: str) -> str:
    if graph != DEFAULT_GRAPH and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", graph):
        raise BadInput(f"--graph {graph!r} is not an absolute IRI; give one like https://example.org/graph/show "
                       f"(or '{DEFAULT_GRAPH}' for the default graph)")
    return graph


def _split_credentials(endpoint: str) -> tuple[str, str | None]:
    """The endpoint without ``user:password@``, and a Basic authorization header for them."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"--endpoint {endpoint!r} is not an http(s) URL; give the server's Graph Store URL, "
                       "e.g. http://localhost:7878/store")
    if parts.username is None:
        return endpoint, None
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
    return urlunsplit(parts._replace(netloc=netloc)), f"Basic {token}"


def push_ntriples(data: bytes, endpoint: str, graph: str, replace: bool = True, timeout: float = 300) -> int:
    """Send N-Triples to one graph of a Graph Store endpoint; returns the HTTP status."""
    check_graph_iri(graph)
    url, auth = _split_credentials(endpoint)
    target = graph_store_url(url, graph)
    request = urllib.request.Request(target, data=data, method="PUT" if replace else "POST",
                                     headers={"Content-Type": NTRIPLES})
    if auth:
        request.add_header("Authorization", auth)
    where = urlsplit(url)._replace(query="").geturl()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read(300).decode("utf-8", "replace").split())
        hint = {401: "; put credentials in the URL (https://user:password@host/...)",
                403: "; the server does not allow writes to this graph",
                404: "; is this the server's Graph Store URL (Oxigraph: /store, Fuseki: /DATASET/data)?",
                405: "; is this the server's Graph Store URL (Oxigraph: /store, Fuseki: /DATASET/data)?",
                }.get(err.code, "")
        raise PushFailed(f"{where} refused the graph: HTTP {err.code} {err.reason}"
                         f"{': ' + detail if detail else ''}{hint}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise PushFailed(f"cannot reach {where} ({reason}); is the SPARQL server running there?") from None


def push_build(build, endpoint: str, graph: str | None = None, replace: bool = True) -> Pushed:
    """Send a build's RDF graph (what ``fankg build`` writes as .ttl) to a SPARQL server."""
    import io

    from .rdf import prefixes_of, to_quads
    from .serialize import write_rdf

    graph = graph or default_graph_iri(build)
    check_graph_iri(graph)
    _split_credentials(endpoint)  # refuse a bad URL before the serialization work
    data = io.BytesIO()
    triples = write_rdf(to_quads(build.graph, build.articles), data, "nt", prefixes_of())
    status = push_ntriples(data.getvalue(), endpoint, graph, replace)
    return Pushed(endpoint, graph, triples, replace, status)
