"""The meaning of each finding as a vector, computed once and kept.

A transformer embedder reads about 150 findings a second on two cores, so a theme run or a tag
suggestion cannot afford to embed a discovery's findings each time. Each finding's vector is
computed by a background job when the finding is saved (or when the discovery switches
embedder), keyed by embedder and by a hash of the text, and every later run reuses it and
computes only what is missing.
"""
