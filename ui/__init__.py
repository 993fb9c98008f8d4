"""The Streamlit shell's shared helpers: who is logged in, language, messages. No decisions live here."""
