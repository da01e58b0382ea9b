"""SME AI Adoption Benchmark: the domain, with no Streamlit in it.

- :mod:`adoption.datapackage`, :mod:`adoption.dataset`: the curated data and its validation;
- :mod:`adoption.i18n`: every interface string in French and English, number formatting;
- :mod:`adoption.charts`, :mod:`adoption.explore`: Key figures and Explore;
- :mod:`adoption.questionnaire`, :mod:`adoption.benchmark`, :mod:`adoption.urlstate`,
  :mod:`adoption.report`: Benchmark my company;
- :mod:`adoption.store`, :mod:`adoption.exports`, :mod:`adoption.workshop`: Workshop mode.
"""

from adoption.datapackage import DataError
from adoption.dataset import Dataset, load_dataset
from adoption.i18n import fmt_pct, t

__all__ = ["DataError", "Dataset", "fmt_pct", "load_dataset", "t"]
