"""Files published beside the pages: open data, versioned schemas, Atom feeds, redirect pages,
the search index and the editable office files (office/). No MkDocs here."""
