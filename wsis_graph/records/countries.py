"""Countries of practice records: ISO 3166-1 alpha-3 codes and the IRIs that stand for them.

The list of codes and English short names is ISO 3166-1 as the ``pycountry`` package ships it
(itself the Debian ``iso-codes`` data). A record's country is the IRI of the EU Publications
Office country authority table, whose codes are the ISO alpha-3 codes, so that records join
other open data that uses it (DCAT-AP recommends it for ``dct:spatial``)::

    http://publications.europa.eu/resource/authority/country/KEN

>>> country_iri("KEN")
rdflib.term.URIRef('http://publications.europa.eu/resource/authority/country/KEN')
>>> iso_countries()["KEN"]
'Kenya'
>>> hint("ke")
"use the alpha-3 code 'KEN' (Kenya)"
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import URIRef

COUNTRY_NS = "http://publications.europa.eu/resource/authority/country/"
CODE = re.compile(r"[A-Z]{3}")


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-3 code with its English short name, in code order."""
    import pycountry

    return {c.alpha_3: c.name for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)}


def country_iri(code: str) -> URIRef:
    return URIRef(COUNTRY_NS + code)


def hint(value: str) -> str | None:
    """What the user probably meant by a country that is not an alpha-3 code: a name, an alpha-2
    code, a lower-case code. None when nothing matches."""
    import pycountry

    try:
        found = pycountry.countries.lookup(value.strip())
    except LookupError:
        return None
    return f"use the alpha-3 code {found.alpha_3!r} ({found.name})"
