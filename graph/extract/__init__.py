"""Extraction: a spaCy pipeline of rule components that turns an article into claims."""

from .core import Extractor, extract_claims
from .nlp import load_nlp

__all__ = ["Extractor", "extract_claims", "load_nlp"]
