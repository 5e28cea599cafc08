"""One reader per file format; each turns the bytes of a file into raw texts.

A reader takes ``(name, data, config)`` and returns ``RawDocument`` objects;
``threadline.ingest.documents`` picks the reader by extension, then cleans and
splits what it returns. Readers raise ``InputError`` for anything they cannot
read, with a reason a user can act on.
"""
