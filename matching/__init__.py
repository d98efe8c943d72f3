"""Pure matching logic: text composition, embeddings, fusion, scoring and explanations.

This package imports nothing from `marketplace` or `search`.
"""
