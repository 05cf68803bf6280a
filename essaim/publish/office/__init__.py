"""Editable .odt/.docx/.ods/.xlsx files of the templates, made from their reviewed Markdown:
a neutral document model (document), the Markdown reader (markdown), the four writers
(writers), zip normalisation (archive) and the worker processes (pool)."""
