"""Documents in, extractions out: readers, cleanup, splitting, NLP, entities, relations."""
