"""The demo world: a deterministic B2B portfolio with the stories relgraph is built to see.

`generate_world` makes it as lazy streams of ingestion rows; `load_demo` loads it through ingestion and
refreshes the metrics; `write_world` writes it as the files `relgraph import` reads.
"""

from graph.demo.files import FILE_NAMES, write_world
from graph.demo.load import DemoSummary, load_demo
from graph.demo.portfolio import ChampionMove
from graph.demo.world import KINDS, DemoWorld, generate_world

__all__ = [
    "FILE_NAMES",
    "KINDS",
    "ChampionMove",
    "DemoSummary",
    "DemoWorld",
    "generate_world",
    "load_demo",
    "write_world",
]
