"""Canned investigative queries, graph analytics and visualization."""
