"""The yardstick of ``make bench``: a page that only draws one four-bar chart.

Every timing of the app is reported beside the same timing of this page, measured in the
same run on the same machine, so the ratio means something on a noisy shared computer.
Run alone: ``streamlit run bench/reference_page.py``.
"""

from __future__ import annotations

import streamlit as st

from adoption.charts import reference_chart

st.plotly_chart(reference_chart(), width="stretch")
