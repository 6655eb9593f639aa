"""The matcher (issue 12): explained link suggestions between the frameworks, tags for any document, and SSSOM."""
