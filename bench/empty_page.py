"""The yardstick of the room-load bench: a page that draws nothing.

Its round trip (rerun sent → run finished) is what Streamlit itself costs on this machine;
a participant's tap is measured against it.
"""
