"""wsis-graph: a knowledge graph of global digital cooperation.

Links the WSIS Action Lines, the SDGs, the Global Digital Compact, the UN entities that facilitate
each Action Line and the human-rights instruments, with their sources and confidence.
"""

__version__ = "0.1.0"
