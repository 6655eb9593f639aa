"""Checking one raw record against the rules of the records shapes, in Python.

These are the rules of ``ontology/shapes/records.ttl`` (identifier pattern, one title, a
stakeholder type of the scheme, a year from 2003 on, at least one Action Line, things of the right
kind) plus what SHACL cannot see from one record: that a code names a thing the graph has, that a
country code is an ISO 3166-1 code, that the year is not in the future, that a list names nothing
twice. Each problem is reported with the row (or item) and column it is in.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from wsis_graph.records.countries import CODE as COUNTRY_CODE
from wsis_graph.records.countries import hint as country_hint
from wsis_graph.records.countries import iso_countries
from wsis_graph.records.model import COLUMNS, PracticeRecord, stakeholder_types
from wsis_graph.records.reader import RawRecord, RecordError, RecordSource, unknown_column
from wsis_graph.records.vocabulary import Vocabulary

ID = re.compile(r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*")
ID_MAX = 64
TITLE_MAX = 500
ORGANISATION_MAX = 300
FIRST_YEAR = 2003
#: Characters that may not stand in an IRI (RFC 3987), besides controls and spaces.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


class RecordChecker:
    """Checks raw records and turns them into :class:`PracticeRecord` objects.

    Args:
        source: the file the records come from (for error locations).
        vocabulary: the codes records may use.
        last_year: the latest year allowed (defaults to the current year).
    """

    def __init__(self, source: RecordSource, vocabulary: Vocabulary, *, last_year: int | None = None) -> None:
        self.source = source
        self.vocabulary = vocabulary
        self.last_year = last_year or dt.date.today().year
        self._types = stakeholder_types()
        self._type_labels = {label.lower(): n for n, (_, label) in self._types.items()}
        self._countries = iso_countries()
        self._al_folded = {code.lower(): code for code in vocabulary.action_lines}

    def check(self, raw: RawRecord) -> tuple[PracticeRecord | None, list[RecordError]]:
        """The record, or None and the problems found (one per column at most)."""
        errors: list[RecordError] = []
        fields = raw.fields

        def fail(column: str, message: str) -> None:
            errors.append(raw.error(self.source, column, message))

        for key in fields:
            if key not in COLUMNS:  # a CSV header was checked whole; a JSON object is checked here
                fail(key, unknown_column(key, "key" if self.source.unit == "item" else "column"))

        record_id = self._text(fields, "id", fail, required=True)
        if record_id and (len(record_id) > ID_MAX or not ID.fullmatch(record_id)):
            fail("id", f"{record_id!r} is not a record id: letters and digits, with single '.', '_' or '-' between them, "
                       f"at most {ID_MAX} characters")
        title = self._text(fields, "title", fail, required=True, limit=TITLE_MAX)
        organisation = self._text(fields, "organisation", fail, required=True, limit=ORGANISATION_MAX)
        stakeholder = self._stakeholder(fields, fail)
        year = self._year(fields, fail)
        countries = self._codes(fields, "country", fail, self._country)
        action_lines = self._codes(fields, "action_lines", fail, self._action_line)
        if not action_lines and not any(e.column == "action_lines" for e in errors):
            fail("action_lines", "required value is empty: a record names at least one Action Line")
        goals = self._codes(fields, "sdg_goals", fail, lambda v: self._known(v, self.vocabulary.goals, "SDG goal", "a number from 1 to 17"))
        targets = self._codes(fields, "sdg_targets", fail, lambda v: self._known(v, self.vocabulary.targets, "SDG target", "a code such as 4.4 or 9.c"))
        objectives = self._codes(fields, "gdc_objectives", fail, self._objective)
        url = self._url(fields, fail)
        synthetic = self._flag(fields, "synthetic", fail)
        if errors:
            return None, errors
        return PracticeRecord(
            id=record_id,
            title=title,
            organisation=organisation,
            stakeholder_type=stakeholder,
            countries=countries,
            year=year,
            action_lines=action_lines,
            sdg_goals=goals,
            sdg_targets=targets,
            gdc_objectives=objectives,
            url=url,
            synthetic=synthetic,
        ), []

    # -- Fields ------------------------------------------------------------------------------------

    @staticmethod
    def _text(fields: dict, column: str, fail, *, required: bool = False, limit: int | None = None) -> str:
        value = fields.get(column)
        if value is None:
            value = ""
        if not isinstance(value, str):
            fail(column, f"expected text, got {type(value).__name__} {value!r}")
            return ""
        value = value.strip()
        if required and not value:
            fail(column, "required value is empty")
        elif limit and len(value) > limit:
            fail(column, f"longer than {limit} characters ({len(value)})")
        return value

    def _stakeholder(self, fields: dict, fail) -> str:
        value = self._text(fields, "stakeholder_type", fail, required=True)
        if not value:
            return ""
        if value in self._types:
            return value
        folded = value.lower()
        if folded in self._types:
            return folded
        if folded in self._type_labels:
            return self._type_labels[folded]
        fail("stakeholder_type", f"{value!r} is not a stakeholder type; use one of {', '.join(self._types)}")
        return ""

    def _year(self, fields: dict, fail) -> int:
        value = fields.get("year")
        if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
            fail("year", "required value is empty" if value in (None, "") else f"expected a year, got {value!r}")
            return 0
        if isinstance(value, int):
            year = value
        elif isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
            year = int(value.strip())
        else:
            fail("year", f"{value!r} is not a year (four digits, such as 2019)")
            return 0
        if not FIRST_YEAR <= year <= self.last_year:
            fail("year", f"{year} is outside {FIRST_YEAR}-{self.last_year} (from the Geneva phase of WSIS to this year)")
        return year

    def _codes(self, fields: dict, column: str, fail, check) -> tuple[str, ...]:
        """A multi-valued cell: a ';'-separated string or a JSON list; each item checked."""
        value = fields.get(column)
        if value is None:
            return ()
        if isinstance(value, list):
            items = value
        elif isinstance(value, str | int) and not isinstance(value, bool):
            text = str(value).strip()
            if not text:
                return ()
            items = [item.strip() for item in text.split(";")]
            if any(not item for item in items):
                fail(column, f"empty item in the list {text!r} (items are separated by ';')")
                return ()
        else:
            fail(column, f"expected a list, got {type(value).__name__} {value!r}")
            return ()
        codes: list[str] = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                fail(column, f"expected codes as text, got {type(item).__name__} {item!r}")
                return ()
            item = item.strip()
            problem, code = check(item)
            if problem:
                packed = [p for p in re.split(r"[,|/\s]+", item) if p]
                if len(packed) > 1 and all(not check(p)[0] for p in packed):
                    problem = f"several values packed in {item!r}; separate them with ';'"
                fail(column, problem)
                return ()
            if code in codes:
                fail(column, f"{code!r} is listed twice")
                return ()
            codes.append(code)
        return tuple(codes)

    def _country(self, value: str) -> tuple[str | None, str]:
        if COUNTRY_CODE.fullmatch(value) and value in self._countries:
            return None, value
        if COUNTRY_CODE.fullmatch(value):
            return f"{value!r} is not an ISO 3166-1 alpha-3 country code", ""
        advice = country_hint(value) if value else None
        return f"{value!r} is not an ISO 3166-1 alpha-3 country code" + (f"; {advice}" if advice else ""), ""

    def _action_line(self, value: str) -> tuple[str | None, str]:
        if value in self.vocabulary.action_lines:
            return None, value
        folded = self._al_folded.get(value.lower().replace(" ", ""))
        advice = f"; did you mean {folded!r}?" if folded else f"; the codes are {', '.join(self.vocabulary.action_lines)}"
        return f"{value!r} is not an Action Line code{advice}", ""

    @staticmethod
    def _known(value: str, known: dict, what: str, form: str) -> tuple[str | None, str]:
        if value in known:
            return None, value
        return f"{value!r} is not an {what} of the graph ({form})", ""

    def _objective(self, value: str) -> tuple[str | None, str]:
        code = self.vocabulary.gdc_objective(value)
        if code:
            return None, code
        numbers = [c.removeprefix("GDC-O") for c in self.vocabulary.gdc_objectives]
        return f"{value!r} is not a GDC objective; use a number from {numbers[0]} to {numbers[-1]} or an id such as GDC-O1", ""

    @staticmethod
    def _url(fields: dict, fail) -> str | None:
        value = fields.get("url")
        if value is None:
            return None
        if not isinstance(value, str):
            fail("url", f"expected text, got {type(value).__name__} {value!r}")
            return None
        value = value.strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fail("url", f"{value!r} is not an http:// or https:// address")
        elif _IRI_FORBIDDEN.search(value):
            bad = _IRI_FORBIDDEN.search(value).group()
            fail("url", f"{value!r} holds {bad!r}, which may not stand in a web address (encode it)")
        return value

    @staticmethod
    def _flag(fields: dict, column: str, fail) -> bool:
        value = fields.get(column)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in ("", "false", "true"):
            return value.strip().lower() == "true"
        fail(column, f"expected true or false, got {value!r}")
        return False
