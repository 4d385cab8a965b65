"""Every Cypher statement relgraph runs, one `.cypher` file each, loaded by name.

>>> from queries import load
>>> load("schema_constraints").mode
'schema'
"""

from queries.loader import Catalog, Query, QueryFileError, catalog, load

__all__ = ["Catalog", "Query", "QueryFileError", "catalog", "load"]
