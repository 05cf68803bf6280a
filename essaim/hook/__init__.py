"""What depends on MkDocs, for hooks/essaim_hook.py: the split build, the theme cache, HTML
blocks that skip the Markdown converter. The only subpackage that imports mkdocs."""
