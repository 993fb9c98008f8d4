"""Plotly figure builders and exports for the managers' dashboards: plain data in, figure or bytes out.

No Streamlit and no SQL here; labels come from the i18n catalogues in the user's language.
"""
