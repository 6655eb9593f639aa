"""The matcher (issue 12): explained link suggestions between the frameworks, and tags for any document."""
