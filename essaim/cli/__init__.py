"""The `essaim` command: check and pages (main), nouvelle, depuis-issue and liens (contribute)."""
