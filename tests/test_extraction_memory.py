"""A long-lived extraction process works through a whole corpus: what it keeps between documents must not grow
with the corpus. Every cache of the extractors is bounded, and small enough that all of them together stay within
tens of MB (an entry is a few hundred bytes: 16,384 of them a few MB), whatever the number of documents."""
import functools
import importlib
import pkgutil

import pytest

import transforms

pytestmark = pytest.mark.pure

LARGEST_CACHE = 16384  # entries
# transforms.resolve runs in the flow process once per build, not in the extraction processes
NOT_EXTRACTION = {"resolve"}


def _caches():
    for info in pkgutil.iter_modules(transforms.__path__):
        if info.name in NOT_EXTRACTION:
            continue
        module = importlib.import_module(f"transforms.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", value
            elif isinstance(value, type) and value.__module__ == module.__name__:
                for attr, member in vars(value).items():
                    if isinstance(member, functools._lru_cache_wrapper):
                        yield f"{module.__name__}.{name}.{attr}", member


def test_every_cache_of_the_extractors_is_bounded():
    caches = dict(_caches())
    assert len(caches) > 10  # the walk finds them (functions and methods)
    too_large = {name: c.cache_parameters()["maxsize"] for name, c in caches.items()
                 if c.cache_parameters()["maxsize"] is None or c.cache_parameters()["maxsize"] > LARGEST_CACHE}
    assert not too_large, f"caches that grow with the corpus (bound them, at most {LARGEST_CACHE:,} entries): {too_large}"
