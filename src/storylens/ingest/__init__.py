"""Ingest: files, folders, JSONL, WARC, URLs and feeds -> Page records."""
