"""Files → one checked catalogue: reading, strict YAML, schema, rules between files, unsafe
content, trial reports, quality, the directory's rules and the files' Git dates. Nothing
here knows about pages or MkDocs."""
