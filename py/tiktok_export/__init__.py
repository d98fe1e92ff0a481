"""Check, preview and redact a TikTok data export, in the browser or on the command line."""

__version__ = "0.1.0"
