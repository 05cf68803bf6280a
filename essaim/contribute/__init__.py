"""Contributors' paths to a file: shared issue-form reading (forms), the proposal and trial
report forms, `essaim nouvelle`, the pull request summary, changed files since a Git
reference, and the broken links report."""
