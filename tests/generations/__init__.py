"""Invented TikTok export fixtures, one per generation of the JSON format (see build.py)."""
