"""Imported before nbformat and Papermill, to make their import cheaper.

jsonschema (under nbformat) compiles 38 grammars of ``rfc3987_syntax`` when it is imported, about
three seconds of every report run, only to check ``iri`` strings that notebook schemas never
hold; when that module cannot be imported, jsonschema skips those checks. Nothing else changes.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
