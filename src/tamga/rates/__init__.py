"""Exchange rates: a ``date,currency,rate`` table against one base currency, and conversion.

Rules that sum or compare values convert them to one currency at the rate of the event's date
(:class:`RatesTable`, :func:`convert`); the evidence states the conversion. ``tamga rates load``
fills the store (:mod:`tamga.rates.store`) from a CSV such as the National Bank of Kazakhstan's
official KZT rates. See docs/risk.md.
"""

from tamga.rates.model import Conversion, RatesTable, convert
from tamga.rates.parsing import RateRow, read_rates

__all__ = ["Conversion", "RateRow", "RatesTable", "convert", "read_rates"]
