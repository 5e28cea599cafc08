"""Data model, ontology, resolution, workspace, graph building, stores and exporters."""
