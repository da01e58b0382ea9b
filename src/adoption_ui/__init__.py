"""The Streamlit edge: what the pages share (language, cached data, charts, provenance, the
workshop's widgets and slides). It may import the domain (``adoption``); the domain never
imports it, nor Streamlit (an import-linter contract in ``make lint`` says so)."""
